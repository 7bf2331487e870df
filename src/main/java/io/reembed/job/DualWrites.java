package io.reembed.job;

import java.util.Optional;

import io.reembed.store.VectorStore;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Whether a backfill also writes into the collection of a re-embed that runs meanwhile. Asked when each partition
 * starts, restarts included, so that a re-embed that ended, or whose collection was deleted, is no longer written.
 */
public final class DualWrites {

	private final JobRepository jobRepository;

	private final VectorStore store;

	public DualWrites(JobRepository jobRepository, VectorStore store) {
		this.jobRepository = jobRepository;
		this.store = store;
	}

	/**
	 * The target model of a re-embed of this table and client that runs now from the collection the backfill
	 * writes, once its target collection exists. Rows the re-embed reads after the backfill changed them are
	 * current anyway; its catch-up covers the rest.
	 */
	public Optional<String> targetModel(BackfillTarget backfill) {
		String alias = AliasNames.of(backfill.table().name(), backfill.clientId());
		if (!this.store.aliasTarget(alias).filter(backfill.collection().name()::equals).isPresent()) {
			return Optional.empty();
		}
		for (JobExecution running : this.jobRepository.findRunningJobExecutions(ReembedJobConfiguration.JOB_NAME)) {
			JobParameters parameters = running.getJobParameters();
			String targetModel = parameters.getString(BackfillParameters.MODEL);
			if (backfill.table().name().equals(parameters.getString(BackfillParameters.TABLE))
					&& backfill.clientId().equals(parameters.getString(BackfillParameters.CLIENT_ID))
					&& targetModel != null && !targetModel.equals(backfill.provider().model().name())
					&& this.store.describe(CollectionNames.of(backfill.table().name(), targetModel)).isPresent()) {
				return Optional.of(targetModel);
			}
		}
		return Optional.empty();
	}

}
