/**
 * Remote partitioning over RabbitMQ: a manager sends each partition of a job's embedding steps as a
 * {@code StepExecutionRequest} to a queue, {@code reembed worker} processes run them, and the manager follows their
 * step executions in the shared JobRepository, with a timeout, sending again the request of a partition whose worker
 * went silent.
 */
@NullMarked
package io.reembed.remote;

import org.jspecify.annotations.NullMarked;
