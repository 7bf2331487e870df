/**
 * A local OpenAI-compatible embeddings server that answers, throttles and fails as OpenAI and
 * Azure OpenAI do, so the remote providers can be tested and benchmarked where those services
 * cannot be reached.
 */
@NullMarked
package io.reembed.embedding.openai;

import org.jspecify.annotations.NullMarked;
