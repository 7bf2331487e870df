package io.reembed.job;

/**
 * A re-embed's new collection failed its quality gate; the alias still serves the old collection.
 */
public class QualityGateException extends RuntimeException {

	private final QualityReport report;

	public QualityGateException(QualityReport report) {
		super(report.describe().strip());
		this.report = report;
	}

	public QualityReport report() {
		return this.report;
	}

}
