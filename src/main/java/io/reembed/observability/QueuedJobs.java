package io.reembed.observability;

/**
 * How many jobs wait in a queue to be launched. A process without a queue has no such bean, and none wait.
 */
@FunctionalInterface
public interface QueuedJobs {

	/** Jobs queued and not started yet. */
	long count();

}
