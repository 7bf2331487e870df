package io.reembed.job;

import java.util.Locale;

import io.reembed.config.ReembedProperties;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The identifying parameters of one backfill: relaunching with the same ones restarts a failed execution.
 *
 * @param table configured table name
 * @param clientId tenant whose rows are embedded
 * @param vectorType which text template is embedded
 * @param model registry name of the model
 * @param run distinguishes repeated complete runs of the same backfill; absent for the Spring Boot convention
 */
public record BackfillParameters(String table, String clientId, String vectorType, String model, @Nullable Long run) {

	public static final String TABLE = "table";

	public static final String CLIENT_ID = "clientId";

	public static final String VECTOR_TYPE = "vectorType";

	public static final String MODEL = "model";

	public static final String RUN = RunLauncher.RUN;

	/** Non-identifying job parameter: "true" leaves out rows whose text has not changed since it was embedded. */
	public static final String INCREMENTAL = "incremental";

	/** Non-identifying job parameter: "true" deletes the points of rows gone from the table or no longer active. */
	public static final String SYNC_DELETES = "syncDeletes";

	/** The vector type embedded when none is named. */
	public static final String DEFAULT_VECTOR_TYPE = "content";

	public BackfillParameters {
		Assert.hasText(table, "table must not be empty");
		Assert.hasText(clientId, "clientId must not be empty");
		Assert.hasText(vectorType, "vectorType must not be empty");
		Assert.hasText(model, "model must not be empty");
	}

	/**
	 * Reads job parameters; the vector type and model fall back to their defaults.
	 * @throws IllegalArgumentException naming a missing table or client
	 */
	public static BackfillParameters from(JobParameters parameters, ReembedProperties properties) {
		String table = parameters.getString(TABLE);
		String clientId = parameters.getString(CLIENT_ID);
		if (!StringUtils.hasText(table)) {
			throw new IllegalArgumentException("Job parameter 'table' is required, e.g. table=issues");
		}
		if (!StringUtils.hasText(clientId)) {
			throw new IllegalArgumentException("Job parameter 'clientId' is required, e.g. clientId=42");
		}
		String vectorType = parameters.getString(VECTOR_TYPE);
		String model = parameters.getString(MODEL);
		Long run = parameters.getLong(RUN);
		return new BackfillParameters(table, clientId,
				StringUtils.hasText(vectorType) ? vectorType.toLowerCase(Locale.ROOT) : DEFAULT_VECTOR_TYPE,
				StringUtils.hasText(model) ? model : properties.embedding().model(), run);
	}

	public JobParameters toJobParameters() {
		JobParametersBuilder builder = new JobParametersBuilder().addString(TABLE, this.table)
			.addString(CLIENT_ID, this.clientId)
			.addString(VECTOR_TYPE, this.vectorType)
			.addString(MODEL, this.model);
		if (this.run != null) {
			builder.addLong(RUN, this.run);
		}
		return builder.toJobParameters();
	}

	public BackfillParameters withoutRun() {
		return new BackfillParameters(this.table, this.clientId, this.vectorType, this.model, null);
	}

	public BackfillParameters withVectorType(String vectorType) {
		return new BackfillParameters(this.table, this.clientId, vectorType, this.model, this.run);
	}

	public BackfillParameters withModel(String model) {
		return new BackfillParameters(this.table, this.clientId, this.vectorType, model, this.run);
	}

	public BackfillParameters withRun(long run) {
		return new BackfillParameters(this.table, this.clientId, this.vectorType, this.model, run);
	}

}
