package io.reembed.webhook;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Hands each job execution that ends with one of the configured statuses to the webhooks.
 */
public class WebhookNotifier implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(WebhookNotifier.class);

	private final WebhookSender sender;

	private final Set<BatchStatus> statuses;

	public WebhookNotifier(WebhookSender sender, Set<BatchStatus> statuses) {
		this.sender = sender;
		this.statuses = Set.copyOf(statuses);
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		if (!this.sender.isEnabled() || !this.statuses.contains(jobExecution.getStatus())) {
			return;
		}
		try {
			this.sender.send(JobEvent.of(jobExecution));
		}
		catch (RuntimeException ex) {
			// A webhook must never change how the job ends.
			logger.error("Could not send the webhooks of {} execution {}", jobExecution.getJobInstance().getJobName(),
					jobExecution.getId(), ex);
		}
	}

}
