/**
 * Prometheus metrics of the jobs as a whole: executions completed, failed and stopped, the ones running and queued,
 * and how long they take.
 */
@NullMarked
package io.reembed.observability;

import org.jspecify.annotations.NullMarked;
