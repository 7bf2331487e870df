package io.reembed.job;

import org.springframework.util.Assert;

/**
 * The model a backfill embeds with, and why.
 *
 * @param model registry name of the model
 * @param reason why this model, in words for the user, e.g.
 * {@code 8,200 rows in scope, preference auto -> quality, openai configured}
 */
public record ModelChoice(String model, String reason) {

	public ModelChoice {
		Assert.hasText(model, "model must not be empty");
		Assert.hasText(reason, "reason must not be empty");
	}

	/** {@code model <name>: <reason>}. */
	public String description() {
		return "model " + this.model + ": " + this.reason;
	}

}
