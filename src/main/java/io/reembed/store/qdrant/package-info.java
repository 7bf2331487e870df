/**
 * The Qdrant vector store adapter over gRPC.
 */
@NullMarked
package io.reembed.store.qdrant;

import org.jspecify.annotations.NullMarked;
