package io.reembed.cli;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.util.StringUtils;

/**
 * Why an execution did not complete, in one line a person can act on.
 */
public final class FailureReasons {

	private FailureReasons() {
	}

	public static String of(JobExecution execution) {
		Set<String> reasons = new LinkedHashSet<>();
		execution.getAllFailureExceptions().forEach((failure) -> reasons.add(describe(failure)));
		if (reasons.isEmpty()) {
			for (StepExecution step : execution.getStepExecutions()) {
				String description = step.getExitStatus().getExitDescription();
				if (StringUtils.hasText(description)) {
					reasons.add(firstLine(description));
				}
			}
		}
		if (reasons.isEmpty()) {
			String description = execution.getExitStatus().getExitDescription();
			return StringUtils.hasText(description) ? firstLine(description) : execution.getStatus().toString();
		}
		return String.join("; ", reasons);
	}

	/** The innermost message of a failure, where the actual problem is named. */
	public static String describe(Throwable failure) {
		Throwable cause = failure;
		String message = failure.getMessage();
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return (message != null) ? message : cause.getClass().getSimpleName();
	}

	private static String firstLine(String text) {
		int newline = text.indexOf('\n');
		return (newline >= 0) ? text.substring(0, newline) : text;
	}

}
