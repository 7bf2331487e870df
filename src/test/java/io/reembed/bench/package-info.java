/**
 * Throughput and memory benchmarks, run by {@code make bench}; never part of {@code make test}.
 */
@NullMarked
package io.reembed.bench;

import org.jspecify.annotations.NullMarked;
