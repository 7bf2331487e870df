package io.reembed.orchestrator;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Waiting for an orchestrated job, by looking at the queue, to get to a state a test expects.
 */
final class OrchestratedJobs {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private OrchestratedJobs() {
	}

	static OrchestratedJob await(Orchestrator orchestrator, long id, Predicate<OrchestratedJob> condition) {
		Instant deadline = Instant.now().plus(DEADLINE);
		while (Instant.now().isBefore(deadline)) {
			OrchestratedJob job = orchestrator.job(id);
			if (condition.test(job)) {
				return job;
			}
			pause();
		}
		throw new IllegalStateException("Job " + id + " did not get there in time: " + orchestrator.job(id));
	}

	static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
