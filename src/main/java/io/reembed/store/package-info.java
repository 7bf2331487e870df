/**
 * The vector store port: collections, points, upserts acknowledged before a chunk commits, tenant-filtered search.
 */
@NullMarked
package io.reembed.store;

import org.jspecify.annotations.NullMarked;
