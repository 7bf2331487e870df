package io.reembed.task;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task names and profiles as a launch's arguments make them.
 */
class TaskLaunchesTests {

	@Test
	void bothLaunchStylesOfOneBackfillGetTheSameTaskName() {
		// when
		Map<String, Object> subcommand = TaskLaunches
			.defaultPropertiesFor(new String[] { "backfill", "--table", "issues", "--client", "42", "--model", "hash" });
		Map<String, Object> bootConvention = TaskLaunches.defaultPropertiesFor(new String[] {
				"--spring.batch.job.name=backfill", "table=issues", "clientId=42", "--spring.profiles.active=task" });

		// then
		assertThat(subcommand).containsEntry(TaskLaunches.TASK_NAME, "reembed-backfill-issues-client-42");
		assertThat(bootConvention).isEqualTo(subcommand);
	}

	@Test
	void theTaskNameNamesWhatTheLaunchWorksOn() {
		// when
		Optional<String> everyTable = TaskLaunches.taskName(new String[] { "backfill", "--client=7" });
		Optional<String> namespace = TaskLaunches.taskName(new String[] { "reembed", "--namespace", "issues",
				"--source-model", "a", "--target-model", "b" });
		Optional<String> unusualClient = TaskLaunches
			.taskName(new String[] { "backfill", "--table", "Issues", "--client", "acme/eu 1" });
		Optional<String> noParameters = TaskLaunches.taskName(new String[] { "--spring.batch.job.name=backfill" });
		Optional<String> noCommand = TaskLaunches.taskName(new String[] { "--server.port=8080" });

		// then
		assertThat(everyTable).contains("reembed-backfill-client-7");
		assertThat(namespace).contains("reembed-reembed-issues");
		assertThat(unusualClient).contains("reembed-backfill-issues-client-acme_eu_1");
		assertThat(noParameters).contains("reembed-backfill");
		assertThat(noCommand).isEmpty();
	}

	@Test
	void aLaunchByDataFlowIsATaskWhateverItsProfiles() {
		// when
		String[] byDataFlow = TaskLaunches
			.profilesFor(new String[] { "backfill", "--client", "42", "--spring.cloud.task.executionid=12" });
		String[] byHand = TaskLaunches.profilesFor(new String[] { "backfill", "--client", "42" });

		// then
		assertThat(byDataFlow).containsExactly(TaskLaunches.PROFILE);
		assertThat(byHand).isEmpty();
	}

}
