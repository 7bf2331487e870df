package io.reembed.job;

import java.util.Locale;

import io.reembed.config.ReembedProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The identifying parameters of one re-embed: a client's rows of a table, from the model its alias serves to
 * another. The target model is the {@code model} parameter, so the embedding steps read them as a backfill's.
 *
 * @param table configured table name
 * @param clientId tenant whose rows are embedded again
 * @param vectorType which text template is embedded
 * @param sourceModel registry name of the model the client's alias serves now
 * @param targetModel registry name of the model to move to
 * @param run distinguishes repeated complete runs of the same re-embed
 */
public record ReembedParameters(String table, String clientId, String vectorType, String sourceModel,
		String targetModel, @Nullable Long run) {

	public static final String SOURCE_MODEL = "sourceModel";

	public ReembedParameters {
		Assert.hasText(table, "table must not be empty");
		Assert.hasText(clientId, "clientId must not be empty");
		Assert.hasText(vectorType, "vectorType must not be empty");
		Assert.hasText(sourceModel, "sourceModel must not be empty");
		Assert.hasText(targetModel, "targetModel must not be empty");
	}

	/**
	 * Reads job parameters.
	 * @throws IllegalArgumentException naming a missing parameter
	 */
	public static ReembedParameters from(JobParameters parameters, ReembedProperties properties) {
		BackfillParameters backfill = BackfillParameters.from(parameters, properties);
		String sourceModel = parameters.getString(SOURCE_MODEL);
		if (!StringUtils.hasText(sourceModel)) {
			throw new IllegalArgumentException(
					"Job parameter 'sourceModel' is required, e.g. sourceModel=all-minilm-l6-v2");
		}
		return new ReembedParameters(backfill.table(), backfill.clientId(), backfill.vectorType(), sourceModel,
				backfill.model(), backfill.run());
	}

	/** The parameters as the embedding steps, shared with the backfill, read them. */
	public BackfillParameters embedding() {
		return new BackfillParameters(this.table, this.clientId, this.vectorType, this.targetModel, this.run);
	}

	public JobParameters toJobParameters() {
		return new JobParametersBuilder(embedding().toJobParameters()).addString(SOURCE_MODEL, this.sourceModel)
			.toJobParameters();
	}

	public ReembedParameters withoutRun() {
		return new ReembedParameters(this.table, this.clientId, this.vectorType.toLowerCase(Locale.ROOT),
				this.sourceModel, this.targetModel, null);
	}

}
