package io.reembed.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.reembed.demo.DemoDataGenerator;
import io.reembed.demo.DemoTable;
import io.reembed.support.IssueRows;
import io.reembed.support.ReembedProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a user runs it: a separate JVM, its exit code, its output and its errors, on an H2 file.
 */
class CommandLineTests {

	@TempDir
	Path data;

	String url;

	@BeforeEach
	void createIssues() {
		this.url = "jdbc:h2:file:" + this.data.resolve("reembed") + ";AUTO_SERVER=TRUE";
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(this.url, "sa", "", true);
		IssueRows issues = new IssueRows(dataSource);
		issues.create();
		issues.insert(issues.generate(400, 42, 7));
		dataSource.destroy();
	}

	@Test
	void theSpringBootConventionBackfillsAndExitsZero() throws Exception {
		// when
		ReembedProcess process = reembed("--spring.batch.job.name=backfill", "table=issues", "clientId=42",
				"model=hash");

		// then
		assertThat(process.waitFor(180)).as(process.output()).isZero();
		assertThat(process.stdout()).contains("backfill of table 'issues' for client 42: COMPLETED")
			.contains("200 rows read, 200 embedded, 0 dead-lettered");
	}

	@Test
	void theSpringBootConventionExitsNonZeroWithTheReasonOnStderr() throws Exception {
		// when
		ReembedProcess process = reembed("--spring.batch.job.name=backfill", "table=isues", "clientId=42",
				"model=hash");

		// then
		assertThat(process.waitFor(180)).as(process.output()).isNotZero();
		assertThat(process.stderr()).contains("Unknown table 'isues'");
	}

	@Test
	void backfillThenSearchThenStatusFromSubcommands() throws Exception {
		// given
		ReembedProcess backfill = reembed("backfill", "--table", "issues", "--client", "7", "--model", "hash");
		assertThat(backfill.waitFor(180)).as(backfill.output()).isZero();

		// when
		ReembedProcess search = reembed("search", "--table", "issues", "--client", "7", "--model", "hash",
				"--limit", "3", "Issue 3 in component 3\nSummary of issue 3 for client 7\n"
						+ "Steps to reproduce issue 3: open the page, click save, see error 93");
		ReembedProcess status = reembed("status");

		// then
		assertThat(backfill.stdout()).contains("COMPLETED").contains("200 rows read, 200 embedded");
		assertThat(search.waitFor(120)).as(search.output()).isZero();
		assertThat(search.stdout()).contains("Top 3 of table 'issues' for client 7").contains(" 1. 1.000  #3 ");
		assertThat(status.waitFor(120)).as(status.output()).isZero();
		assertThat(status.stdout()).contains("backfill").contains("COMPLETED").contains("clientId=7");
	}

	@Test
	void backfillWithoutATableBackfillsEveryTableOfTheClientHighestPriorityFirst() throws Exception {
		// given
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(this.url, "sa", "", true);
		new JdbcTemplate(dataSource).execute("DROP TABLE issues");
		DemoDataGenerator demo = new DemoDataGenerator(dataSource, DemoDataGenerator.DEFAULT_SEED);
		for (DemoTable table : DemoTable.values()) {
			demo.generate(table, 150);
		}
		dataSource.destroy();

		// when
		ReembedProcess process = reembed("backfill", "--client", "7", "--model", "hash");

		// then
		assertThat(process.waitFor(180)).as(process.output()).isZero();
		assertThat(process.stdout().lines().filter((line) -> line.startsWith("backfill of table")))
			.hasSize(3)
			.satisfiesExactly((line) -> assertThat(line).startsWith("backfill of table 'issues' for client 7: COMPLETED"),
					(line) -> assertThat(line).startsWith("backfill of table 'pull_requests' for client 7: COMPLETED"),
					(line) -> assertThat(line)
						.startsWith("backfill of table 'pull_request_comments' for client 7: COMPLETED"));
	}

	@Test
	void aMissingOptionIsAUsageErrorThatNamesIt() throws Exception {
		// when
		ReembedProcess process = reembed("backfill", "--table", "issues");

		// then
		assertThat(process.waitFor(120)).as(process.output()).isEqualTo(ExitCodes.USAGE);
		assertThat(process.stderr()).contains("--client is required");
	}

	@Test
	void anUnknownModelFailsWithItsName() throws Exception {
		// when
		ReembedProcess process = reembed("backfill", "--table", "issues", "--client", "42", "--model", "nope");

		// then
		assertThat(process.waitFor(120)).as(process.output()).isEqualTo(ExitCodes.FAILED);
		assertThat(process.stderr()).contains("Unknown embedding model 'nope'");
	}

	private ReembedProcess reembed(String... arguments) throws Exception {
		List<String> all = new ArrayList<>(List.of(arguments));
		all.addAll(List.of("--spring.datasource.url=" + this.url,
				"--reembed.store.lucene.path=" + this.data.resolve("lucene")));
		return ReembedProcess.start(this.data.resolve("logs"), all);
	}

}
