/**
 * Webhooks: the end of each job execution posted as signed JSON to the configured URLs, in the background.
 */
@NullMarked
package io.reembed.webhook;

import org.jspecify.annotations.NullMarked;
