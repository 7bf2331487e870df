/**
 * OpenAI's embedding models, served by OpenAI or by Azure OpenAI deployments through the openai-java SDK: requests
 * sized by the provider's limits, paced to its quota, retried and cut off by a circuit breaker.
 */
@NullMarked
package io.reembed.embedding.openai;

import org.jspecify.annotations.NullMarked;
