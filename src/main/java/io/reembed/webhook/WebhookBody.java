package io.reembed.webhook;

/**
 * The JSON body of one delivery attempt. It carries its own timestamp, so that the signature covers it: a receiver
 * that checks the signature, then the timestamp's age, then the delivery id it has seen, turns replays away.
 *
 * @param event {@code job.completed}, {@code job.failed} or {@code job.stopped}
 * @param deliveryId the same for every attempt of one delivery to one URL
 * @param timestamp when this attempt was sent, in seconds since the epoch; also the {@code X-Reembed-Timestamp}
 * header
 * @param job the execution that ended
 */
public record WebhookBody(String event, String deliveryId, long timestamp, JobEvent job) {
}
