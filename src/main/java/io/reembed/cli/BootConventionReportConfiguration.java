package io.reembed.cli;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With the Spring Boot convention ({@code --spring.batch.job.name=backfill table=issues clientId=42}) Boot's own
 * runner launches the job; this reports its outcome the way the subcommands do, the reason of a failure on stderr.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.batch.job.name")
public class BootConventionReportConfiguration {

	@Bean
	JobExecutionListener jobOutcomeReporter() {
		Console console = Console.system();
		return new JobExecutionListener() {
			@Override
			public void afterJob(JobExecution jobExecution) {
				BackfillCommand.report(console, jobExecution);
			}
		};
	}

}
