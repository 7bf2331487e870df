/**
 * The backfill job: its configuration, chunk processor and writer, skip handling and dead letters.
 */
@NullMarked
package io.reembed.job;

import org.jspecify.annotations.NullMarked;
