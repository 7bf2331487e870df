package io.reembed.job;

import java.util.List;
import java.util.Locale;

/**
 * What the quality gate of a re-embed measured, and which checks failed.
 *
 * @param sourceCollection the collection the alias served
 * @param targetCollection the new collection
 * @param rowsInScope the client's active rows
 * @param points points of the client in the new collection
 * @param deadLettered rows this re-embed dead-lettered
 * @param expectedDimensions dimensions of the target model
 * @param dimensions dimensions of the new collection
 * @param sampled rows whose text was searched
 * @param invalidVectors sampled vectors of the target model that are not finite or have no length
 * @param recallOld self-retrieval recall@10 in the old collection
 * @param recallNew self-retrieval recall@10 in the new collection
 * @param overlap mean share of the ten nearest neighbours both collections return
 * @param failures the checks that failed, each naming its threshold
 */
public record QualityReport(String sourceCollection, String targetCollection, long rowsInScope, long points,
		long deadLettered, int expectedDimensions, int dimensions, int sampled, int invalidVectors, double recallOld,
		double recallNew, double overlap, List<String> failures) {

	public QualityReport {
		failures = List.copyOf(failures);
	}

	public boolean passed() {
		return this.failures.isEmpty();
	}

	public double coverage() {
		return (this.rowsInScope == 0) ? 1.0 : (double) (this.points + this.deadLettered) / this.rowsInScope;
	}

	/** The report as printed and stored with the job execution. */
	public String describe() {
		StringBuilder text = new StringBuilder();
		text.append(String.format(Locale.ROOT, "Quality gate %s: %s -> %s%n", passed() ? "PASSED" : "FAILED",
				this.sourceCollection, this.targetCollection));
		text.append(String.format(Locale.ROOT, "  coverage     %.4f  (%d points + %d dead-lettered of %d rows)%n",
				coverage(), this.points, this.deadLettered, this.rowsInScope));
		text.append(String.format(Locale.ROOT, "  dimensions   %d  (model: %d)%n", this.dimensions,
				this.expectedDimensions));
		text.append(String.format(Locale.ROOT, "  norms        %d of %d sampled vectors invalid%n",
				this.invalidVectors, this.sampled));
		text.append(String.format(Locale.ROOT, "  recall@10    old %.3f, new %.3f  (%d sampled rows)%n", this.recallOld,
				this.recallNew, this.sampled));
		text.append(String.format(Locale.ROOT, "  overlap@10   %.3f%n", this.overlap));
		this.failures.forEach((failure) -> text.append("  FAILED: ").append(failure).append(System.lineSeparator()));
		return text.toString();
	}

}
