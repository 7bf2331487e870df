/**
 * The orchestrator that {@code serve} runs: a persistent priority queue of backfill and re-embed jobs, a scheduler
 * that runs at most a configured number of them at once, timeouts, cancellation, restarts, recovery after a crash,
 * and re-embeds queued when a table's configured model drifts from the model its aliases serve.
 */
@NullMarked
package io.reembed.orchestrator;

import org.jspecify.annotations.NullMarked;
