package io.reembed.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.reembed.audit.AuditAction;
import io.reembed.audit.AuditEvent;
import io.reembed.audit.AuditLog;
import io.reembed.demo.DemoDataGenerator;
import io.reembed.demo.DemoTable;
import io.reembed.support.IssueRows;
import io.reembed.support.ReembedProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

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
		// One after the other: the process that opened the H2 file first serves it to the other, and closes it
		// when it ends.
		int searched = search.waitFor(120);
		ReembedProcess status = reembed("status");

		// then
		assertThat(backfill.stdout()).contains("COMPLETED").contains("200 rows read, 200 embedded");
		assertThat(searched).as(search.output()).isZero();
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
	void backfillWithoutAModelChoosesTheModelOfTheNewCollectionAndSaysWhy() throws Exception {
		// when
		ReembedProcess backfill = reembed("backfill", "--table", "issues", "--client", "7",
				"--reembed.embedding.model=hash", "--reembed.providers.openai.api-key=",
				"--reembed.providers.azure-openai.endpoint=");
		int exitCode = backfill.waitFor(180);
		ReembedProcess status = reembed("status");

		// then
		assertThat(exitCode).as(backfill.output()).isZero();
		assertThat(backfill.stdout()).contains("Table 'issues' for client 7: model hash: 200 rows in scope, "
				+ "preference auto -> quality, openai and azure-openai not configured for text-embedding-3-small, "
				+ "local model");
		assertThat(status.waitFor(120)).as(status.output()).isZero();
		assertThat(status.stdout()).contains("clientId=7").contains("model=hash");
	}

	@Test
	void planPrintsWhatBackfillingWouldTakeWithTheModelItWouldChooseAndRunsNoJob() throws Exception {
		// when
		ReembedProcess plan = reembed("plan", "--table", "issues", "--reembed.embedding.model=hash",
				"--reembed.providers.openai.api-key=", "--reembed.providers.azure-openai.endpoint=");
		int exitCode = plan.waitFor(120);
		ReembedProcess status = reembed("status");

		// then
		assertThat(exitCode).as(plan.output()).isZero();
		List<String> lines = plan.stdout().lines().toList();
		assertThat(lines).anySatisfy((line) -> assertThat(line).startsWith("table").contains("rows", "empty",
				"tokens", "truncated", "requests", "cost USD", "time", "model"));
		assertThat(lines).anySatisfy((line) -> assertThat(line).matches("issues +7 +200 +0 +[0-9,]+ +0 +4 +0\\.0000 +"
				+ "this machine +hash: 200 rows in scope, preference auto -> quality, .*, local model"));
		assertThat(lines).anySatisfy((line) -> assertThat(line).startsWith("issues").contains(" 42 "));
		assertThat(lines).anySatisfy((line) -> assertThat(line).matches("total +400 +0 +[0-9,]+ +0 +8 +0\\.0000 +"
				+ "this machine"));
		assertThat(status.waitFor(120)).as(status.output()).isZero();
		assertThat(status.stdout()).contains("No job has run yet");
	}

	@Test
	void planWithARemoteModelEstimatesItsCostAndTimeAtTheQuota() throws Exception {
		// when
		ReembedProcess plan = reembed("plan", "--table", "issues", "--client", "42", "--model",
				"text-embedding-3-small", "--reembed.providers.openai.api-key=sk-test",
				"--reembed.embedding.prices.text-embedding-3-small=1000");

		// then
		assertThat(plan.waitFor(120)).as(plan.output()).isZero();
		assertThat(plan.stdout().lines()).anySatisfy((line) -> assertThat(line)
			.matches("issues +42 +200 +0 +[0-9,]+ +0 +4 +[1-9][0-9,]*\\.[0-9]{4} +(<1|[0-9]+)s at openai quota +"
					+ "text-embedding-3-small: as named"));
	}

	@Test
	void planShowsTheModelDriftTheServerWouldActOnWithoutActing() throws Exception {
		// given
		ReembedProcess backfill = reembed("backfill", "--table", "issues", "--client", "7", "--model", "hash");
		assertThat(backfill.waitFor(180)).as(backfill.output()).isZero();
		Path tables = Files.createDirectories(this.data.resolve("tables"));
		Files.writeString(tables.resolve("issues.yml"),
				Files.readString(Path.of("batch-config/tables/issues.yml")) + "model: hash-v2\n");

		// when
		ReembedProcess plan = reembed("plan", "--table", "issues", "--client", "7",
				"--reembed.tables.location=" + tables);
		int exitCode = plan.waitFor(120);
		ReembedProcess status = reembed("status");

		// then
		assertThat(exitCode).as(plan.output()).isZero();
		assertThat(plan.stdout()).contains("Model drift:")
			.contains("issues__client_7 serves hash, table 'issues' names hash-v2: serve queues a re-embed");
		assertThat(status.waitFor(120)).as(status.output()).isZero();
		assertThat(status.stdout()).doesNotContain("reembed ");
	}

	@Test
	void planOfAnUnknownTableFailsWithItsName() throws Exception {
		// when
		ReembedProcess process = reembed("plan", "--table", "isues");

		// then
		assertThat(process.waitFor(120)).as(process.output()).isEqualTo(ExitCodes.FAILED);
		assertThat(process.stderr()).contains("plan failed: Unknown table 'isues'");
	}

	@Test
	void aReembedOfANamespaceWithoutAClientNamesTheModelNoAliasServes() throws Exception {
		// when
		ReembedProcess process = reembed("reembed", "--namespace", "issues", "--source-model", "hash",
				"--target-model", "hash-v2");

		// then
		assertThat(process.waitFor(120)).as(process.output()).isEqualTo(ExitCodes.FAILED);
		assertThat(process.stderr()).contains("No client's alias of table 'issues' serves model 'hash'");
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

	@Test
	void tokensAreCreatedRevokedAndListedWithoutTheServer() throws Exception {
		// when
		ReembedProcess create = reembed("token", "create", "--name", "ci", "--client", "42", "--client", "7", "--role",
				"submit", "--role", "read");
		int created = create.waitFor(120);
		ReembedProcess revoke = reembed("token", "revoke", "--name", "ci");
		int revoked = revoke.waitFor(120);
		ReembedProcess list = reembed("token", "list");

		// then
		assertThat(created).as(create.output()).isZero();
		String secret = create.stdout().lines().filter((line) -> line.startsWith("rmb_")).findFirst().orElseThrow();
		assertThat(revoked).as(revoke.output()).isZero();
		assertThat(list.waitFor(120)).as(list.output()).isZero();
		assertThat(list.stdout()).containsPattern("ci +42,7 +submit,read +[0-9-]+ [0-9:]+ +[0-9-]+ [0-9:]+")
			.doesNotContain(secret);
		for (ReembedProcess process : List.of(create, revoke, list)) {
			assertThat(process.output()).doesNotContainIgnoringCase("password").doesNotContain("Exception");
			assertThat(process.stderr()).doesNotContain(secret);
		}
	}

	@Test
	void auditVerifyExitsNonZeroNamingTheFirstTamperedEntry() throws Exception {
		// given
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(this.url, "sa", "", true);
		new ResourceDatabasePopulator(new ClassPathResource("schema-reembed.sql")).execute(dataSource);
		AuditLog auditLog = new AuditLog(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource));
		for (int i = 1; i <= 3; i++) {
			auditLog.record(new AuditEvent("ci", AuditAction.SUBMIT, "42", "issues", Integer.toString(i), null));
		}
		dataSource.destroy();
		ReembedProcess intact = reembed("audit", "verify");
		assertThat(intact.waitFor(120)).as(intact.output()).isZero();
		dataSource = new SingleConnectionDataSource(this.url, "sa", "", true);
		new JdbcTemplate(dataSource).update("UPDATE reembed_audit_log SET client_id = '7' WHERE id = 2");
		dataSource.destroy();

		// when
		ReembedProcess tampered = reembed("audit", "verify");

		// then
		assertThat(intact.stdout()).contains("Audit log intact: 3 entries");
		assertThat(tampered.waitFor(120)).as(tampered.output()).isEqualTo(ExitCodes.FAILED);
		assertThat(tampered.stderr()).contains("entry 2 was changed");
	}

	private ReembedProcess reembed(String... arguments) throws Exception {
		List<String> all = new ArrayList<>(List.of(arguments));
		all.addAll(List.of("--spring.datasource.url=" + this.url,
				"--reembed.store.lucene.path=" + this.data.resolve("lucene")));
		return ReembedProcess.start(this.data.resolve("logs"), all);
	}

}
