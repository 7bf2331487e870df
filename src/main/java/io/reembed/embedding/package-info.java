/**
 * The embedding provider port, the model registry and the local and test providers.
 */
@NullMarked
package io.reembed.embedding;

import org.jspecify.annotations.NullMarked;
