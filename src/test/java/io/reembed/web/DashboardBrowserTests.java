package io.reembed.web;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;

import javax.sql.DataSource;

import io.reembed.support.IssueRows;
import io.reembed.support.SlowEmbeddingProvider;
import io.reembed.support.SlowHashProviderSource;
import io.reembed.support.TestDatabases;
import io.reembed.web.security.ApiRole;
import io.reembed.web.security.ApiTokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard at {@code /} in headless Chromium, against the server on a real port with the {@code hash} model
 * slowed down: an operator pastes a token, watches a running job's progress bar advance, cancels the job, restarts
 * it and sees it complete. Skipped where Chromium or chromedriver is not installed (Debian's {@code chromium} and
 * {@code chromium-driver}; .ci/run installs them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "spring.batch.job.enabled=false",
				"reembed.cli.enabled=false", "reembed.orchestrator.enabled=true",
				"reembed.orchestrator.poll-interval=100ms", "reembed.embedding.model=hash",
				"reembed.job.grid-size=2", "reembed.job.chunk-size=10" })
@Import(SlowHashProviderSource.class)
@EnabledIf(value = "browserInstalled", disabledReason = DashboardBrowserTests.NO_BROWSER)
class DashboardBrowserTests {

	static final String NO_BROWSER = "Chromium or chromedriver is not on the PATH: the dashboard is not tested in a "
			+ "browser (apt-get install chromium chromium-driver)";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int ROWS = 1000;

	/** A row without text: it is dead-lettered. */
	private static final long EMPTY_ROW = 5000;

	private static final @Nullable Path chromium = onPath("chromium");

	private static final @Nullable Path chromedriver = onPath("chromedriver");

	@TempDir
	static Path data;

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Autowired
	ApiTokens tokens;

	@Autowired
	SlowEmbeddingProvider provider;

	private final HttpClient http = HttpClient.newHttpClient();

	private @Nullable WebDriver browser;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
	}

	/**
	 * A condition rather than an assumption: it is decided before the server starts, and Surefire reports the skip
	 * with its reason, which it does not for an assumption failed in {@code @BeforeAll}.
	 */
	static boolean browserInstalled() {
		return chromium != null && chromedriver != null;
	}

	@BeforeEach
	void createIssues() {
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(ROWS, 42));
		issues.insert(List.of(new IssueRows.Issue(EMPTY_ROW, 42, null, null, null)));
		new JdbcTemplate(this.dataSource).update("DELETE FROM reembed_job");
	}

	@AfterEach
	void closeBrowser() {
		this.provider.delay(Duration.ZERO);
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void anOperatorWatchesAJobRunCancelsItRestartsItAndSeesItComplete() throws Exception {
		// given
		this.provider.delay(Duration.ofMillis(400));
		String token = this.tokens.create("operator-42", List.of("42"), Set.of(ApiRole.READ, ApiRole.SUBMIT))
			.secret();
		long running = submit(token);
		// The same work as the running job: it waits in the queue.
		long queued = submit(token);
		WebDriver browser = openBrowser();
		browser.get("http://127.0.0.1:" + this.port + "/");

		// when
		browser.findElement(By.id("token")).sendKeys(token);
		browser.findElement(By.id("token-use")).click();

		// then
		WebElement runningRow = await(browser, "job " + running + " running",
				(page) -> row(page, "jobs-running", running));
		double before = await(browser, "progress of job " + running,
				(page) -> positive(progressOf(runningRow)));
		double later = await(browser, "progress of job " + running + " past " + before,
				(page) -> (progressOf(runningRow) > before) ? progressOf(runningRow) : null);
		assertThat(later).isGreaterThan(before);
		await(browser, "job " + queued + " queued", (page) -> row(page, "jobs-queued", queued));
		assertThat(field(runningRow, "progress-text")).matches("\\d+ / " + (ROWS + 1) + " \\(\\d+%\\)");
		String rate = await(browser, "rate of job " + running,
				(page) -> field(runningRow, "rate").endsWith(" rows/s") ? field(runningRow, "rate") : null);
		assertThat(rate).matches("[\\d.]+ rows/s");
		String eta = await(browser, "ETA of job " + running,
				(page) -> field(runningRow, "eta").matches("\\d+ (s|min \\d+ s)") ? field(runningRow, "eta") : null);
		assertThat(eta).isNotBlank();
		String legend = await(browser, "throughput legend of job " + running,
				(page) -> texts(page.findElements(By.cssSelector("#throughput-legend li"))).stream()
					.filter((entry) -> entry.startsWith("Job " + running + ": "))
					.findFirst()
					.orElse(null));
		assertThat(legend).startsWith("Job " + running + ": ");
		assertThat(browser.getCurrentUrl()).doesNotContain(token);

		// when
		runningRow.findElement(By.cssSelector("button[data-action='cancel']")).click();

		// then
		WebElement cancelledRow = await(browser, "job " + running + " cancelled", (page) -> {
			WebElement row = row(page, "jobs-finished", running);
			return (row != null && "CANCELLED".equals(row.getDomAttribute("data-status"))) ? row : null;
		});
		assertThat(field(cancelledRow, "status")).startsWith("CANCELLED (STOPPED)");
		assertThat(cancelledRow.findElement(By.cssSelector("button[data-action='cancel']")).isDisplayed()).isFalse();

		// when
		this.provider.delay(Duration.ofMillis(10));
		cancelledRow.findElement(By.cssSelector("button[data-action='restart']")).click();

		// then
		WebElement completedRow = await(browser, "job " + running + " completed after its restart", (page) -> {
			WebElement row = row(page, "jobs-finished", running);
			return (row != null && "COMPLETED".equals(row.getDomAttribute("data-status"))) ? row : null;
		});
		await(browser, "job " + running + " done", (page) -> field(completedRow, "progress-text")
			.equals((ROWS + 1) + " / " + (ROWS + 1) + " (100%)") ? true : null);
		assertThat(progressOf(completedRow)).isEqualTo(ROWS + 1);
		assertThat(field(completedRow, "status")).isEqualTo("COMPLETED");
		WebElement queuedRow = await(browser, "job " + queued + " completed", (page) -> {
			WebElement row = row(page, "jobs-finished", queued);
			return (row != null && "COMPLETED".equals(row.getDomAttribute("data-status"))) ? row : null;
		});
		assertThat(field(queuedRow, "status")).isEqualTo("COMPLETED");

		// when
		completedRow.findElement(By.cssSelector("button[data-action='details']")).click();

		// then
		WebElement details = await(browser, "details of job " + running, (page) -> {
			WebElement section = page.findElement(By.id("job-details"));
			return (section.isDisplayed() && String.valueOf(running).equals(section.getDomAttribute("data-job-id")))
					? section : null;
		});
		assertThat(details.findElement(By.id("job-details-heading")).getText())
			.isEqualTo("Job " + running + ": backfill of issues for client 42");
		assertThat(cellsOnceTheyHold(browser, "#job-steps", "backfill.partition:partition0",
				"backfill.partition:partition1"))
			.contains("backfill.partition:partition0", "backfill.partition:partition1");
		assertThat(cellsOnceTheyHold(browser, "#job-dead-letters", Long.toString(EMPTY_ROW)))
			.contains(Long.toString(EMPTY_ROW));
		assertThat(details.findElement(By.id("job-errors")).getText()).isEqualTo("None.");

		// when
		Files.createDirectories(SCREENSHOT.getParent());
		((ChromeDriver) browser).executeScript("window.scrollTo(0, 0)");
		Files.write(SCREENSHOT, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

		// then
		byte[] png = Files.readAllBytes(SCREENSHOT);
		assertThat(png.length).isGreaterThan(PNG_SIGNATURE.length);
		assertThat(Arrays.copyOf(png, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
		assertThat(severe(browser)).isEmpty();
	}

	private long submit(String token) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/jobs"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"kind": "backfill", "table": "issues", "client": "42", "targetModel": "hash"}"""))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return json.readTree(response.body()).get("id").asLong();
	}

	private WebDriver openBrowser() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		// As root, Chromium runs only without its sandbox.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1400,1600");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.SEVERE);
		options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		return this.browser;
	}

	private static <T> T await(WebDriver browser, String what, Function<WebDriver, @Nullable T> condition) {
		// The dashboard redraws its tables and legend on every event: an element found a moment ago may be gone
		// when its text is read, which only means the page must be looked at again.
		return new WebDriverWait(browser, TIMEOUT).withMessage(what)
			.ignoring(StaleElementReferenceException.class)
			.until(condition::apply);
	}

	/**
	 * The first cells of a details table's rows, read again until they hold the expected values: the table is
	 * filled, and redrawn, as the job's events arrive.
	 */
	private static List<String> cellsOnceTheyHold(WebDriver browser, String table, String... expected) {
		return await(browser, table + " holding " + List.of(expected), (page) -> {
			List<String> cells = texts(page.findElements(By.cssSelector(table + " tbody tr td:first-child")));
			return cells.containsAll(List.of(expected)) ? cells : null;
		});
	}

	private static @Nullable WebElement row(WebDriver page, String table, long id) {
		List<WebElement> rows = page.findElements(By.cssSelector("#" + table + " tr[data-job-id='" + id + "']"));
		return rows.isEmpty() ? null : rows.get(0);
	}

	private static double progressOf(@Nullable WebElement row) {
		if (row == null) {
			return -1;
		}
		String value = row.findElement(By.tagName("progress")).getDomProperty("value");
		return (value != null) ? Double.parseDouble(value) : -1;
	}

	private static @Nullable Double positive(double value) {
		return (value > 0) ? value : null;
	}

	private static String field(WebElement row, String field) {
		return row.findElement(By.cssSelector("[data-field='" + field + "']")).getText();
	}

	private static List<String> texts(List<WebElement> elements) {
		return elements.stream().map(WebElement::getText).toList();
	}

	private static List<String> severe(WebDriver browser) {
		List<String> messages = new ArrayList<>();
		for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
			if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
				messages.add(entry.getMessage());
			}
		}
		return messages;
	}

	private static @Nullable Path onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, command);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
