/**
 * Source tables: their definitions, metadata checks, key-range partitioning, paged readers and text templates.
 */
@NullMarked
package io.reembed.source;

import org.jspecify.annotations.NullMarked;
