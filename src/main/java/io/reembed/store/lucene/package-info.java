/**
 * The embedded vector store: one Lucene index with HNSW vectors on disk per collection.
 */
@NullMarked
package io.reembed.store.lucene;

import org.jspecify.annotations.NullMarked;
