package io.reembed.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.ModelRegistry;
import io.reembed.embedding.openai.ProviderMeters;
import io.reembed.job.BackfillMetrics;
import io.reembed.job.BackfillParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static io.reembed.support.YamlFiles.list;
import static io.reembed.support.YamlFiles.map;
import static io.reembed.support.YamlFiles.text;
import static io.reembed.support.YamlFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus configuration, its alerts and the Grafana dashboard under docker/ ask only for metrics and labels
 * that reembed exports, and are well-formed.
 */
class MonitoringFilesTests {

	private static final Path DOCKER = Path.of("docker");

	private static final Pattern DURATION = Pattern.compile("\\d+[smhdwy]");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

	private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)\\}");

	private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

	private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
			"group_left", "group_right", "bool", "offset", "inf", "nan");

	private static PrometheusSamples exported;

	@BeforeAll
	static void scrapeEveryMeterReembedRegisters() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		ReembedProperties properties = new Binder(new MapConfigurationPropertySource()).bindOrCreate("reembed",
				ReembedProperties.class);
		JobMetrics jobMetrics = new JobMetrics(registry, properties,
				TableCatalog.load(Path.of(properties.tables().location())), new ModelRegistry(8));
		long id = 1;
		for (BatchStatus status : List.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.STOPPED)) {
			JobExecution execution = new JobExecution(id, new JobInstance(id, "backfill"),
					new BackfillParameters("issues", "42", "content", "hash", null).toJobParameters());
			id++;
			jobMetrics.beforeJob(execution);
			execution.setStartTime(LocalDateTime.now().minusSeconds(5));
			execution.setEndTime(LocalDateTime.now());
			execution.setStatus(status);
			jobMetrics.afterJob(execution);
		}
		new QueuedJobsMetrics(new DefaultListableBeanFactory().getBeanProvider(QueuedJobs.class)).bindTo(registry);
		BackfillMetrics backfillMetrics = new BackfillMetrics(registry);
		backfillMetrics.read("issues", "hash");
		backfillMetrics.embedded("issues", "hash", 50);
		backfillMetrics.reembedded("issues", "hash", 50);
		backfillMetrics.unchanged("issues", "hash", 1);
		backfillMetrics.skipped("issues", "hash");
		backfillMetrics.truncated("issues", "hash");
		backfillMetrics.embeddingLatency("issues", "hash", Duration.ofMillis(5));
		ProviderMeters.register(registry);
		exported = PrometheusSamples.parse(registry.scrape());
	}

	@Test
	void theJobQueueBatchAndLatencyMetricsAreExported() {
		// when
		Set<String> names = exported.names();

		// then
		assertThat(names).contains("reembed_jobs_completed_total", "reembed_jobs_failed_total",
				"reembed_jobs_active", "reembed_jobs_queued", "reembed_batches_processed_total",
				"reembed_items_reembedded_total", "reembed_job_duration_seconds_bucket",
				"reembed_embedding_latency_seconds_bucket", "reembed_provider_latency_seconds_bucket");
	}

	@Test
	void everyAlertIsWellFormedAndAsksOnlyForExportedMetricsAndLabels() throws IOException {
		// given
		Map<String, Object> alerts = yaml(DOCKER.resolve("prometheus/alerts.yml"));

		// when
		List<Map<String, Object>> groups = list(alerts.get("groups"));

		// then
		assertThat(groups).isNotEmpty();
		Set<String> groupNames = new HashSet<>();
		Set<String> alertNames = new HashSet<>();
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> group : groups) {
			assertThat(group).containsOnlyKeys("name", "rules");
			assertThat(groupNames.add(text(group.get("name")))).as("group names are unique").isTrue();
			List<Map<String, Object>> rules = list(group.get("rules"));
			assertThat(rules).isNotEmpty();
			for (Map<String, Object> rule : rules) {
				String name = text(rule.get("alert"));
				assertThat(alertNames.add(name)).as("alert names are unique").isTrue();
				assertThat(rule).as(name).containsKeys("expr", "labels", "annotations");
				assertThat(rule.keySet()).as(name).isSubsetOf("alert", "expr", "for", "labels", "annotations");
				if (rule.containsKey("for")) {
					assertThat(text(rule.get("for"))).as(name).matches(DURATION);
				}
				Map<String, Object> ruleLabels = map(rule.get("labels"));
				assertThat(ruleLabels.get("severity")).as(name).isIn("warning", "critical");
				Map<String, Object> annotations = map(rule.get("annotations"));
				assertThat(text(annotations.get("summary"))).as(name).isNotBlank();
				annotations.values().forEach((annotation) -> {
					Matcher label = TEMPLATE_LABEL.matcher(text(annotation));
					while (label.find()) {
						assertThat(exported.labelNames()).as(name).contains(label.group(1));
					}
				});
				expressions.add(text(rule.get("expr")));
			}
		}
		assertThat(alertNames).contains("ReembedJobFailureRatioHigh", "ReembedQueueBacklog",
				"ReembedJobRunningPastTimeout", "ReembedJobsSlow");
		expressions.forEach(MonitoringFilesTests::assertAsksOnlyForExportedMetricsAndLabels);
	}

	@Test
	void prometheusScrapesTheActuatorAndLoadsTheAlerts() throws IOException {
		// given
		Map<String, Object> prometheus = yaml(DOCKER.resolve("prometheus/prometheus.yml"));

		// when
		List<String> ruleFiles = list(prometheus.get("rule_files"));
		List<Map<String, Object>> scrapes = list(prometheus.get("scrape_configs"));

		// then
		assertThat(ruleFiles).containsExactly("alerts.yml");
		assertThat(DOCKER.resolve("prometheus").resolve(ruleFiles.get(0))).isRegularFile();
		assertThat(scrapes).singleElement().satisfies((scrape) -> {
			assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
			List<Map<String, Object>> targets = list(scrape.get("static_configs"));
			assertThat(targets).isNotEmpty()
				.allSatisfy((target) -> assertThat(list(target.get("targets"))).isNotEmpty());
		});
	}

	@Test
	void everyDashboardPanelHasAQueryOnTheProvisionedDatasourceForExportedMetricsAndLabels() throws IOException {
		// given
		JsonNode dashboard = JsonMapper.builder().build().readTree(DOCKER.resolve("grafana/dashboards/reembed.json"));
		Map<String, Object> datasources = yaml(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml"));
		List<Map<String, Object>> provisioned = list(datasources.get("datasources"));
		String uid = text(provisioned.get(0).get("uid"));

		// when
		List<JsonNode> panels = new ArrayList<>();
		dashboard.get("panels").forEach((panel) -> {
			if (!"row".equals(panel.get("type").asString())) {
				panels.add(panel);
			}
		});

		// then
		assertThat(panels).isNotEmpty();
		for (JsonNode panel : panels) {
			String title = panel.get("title").asString();
			assertThat(title).isNotBlank();
			assertThat(panel.get("datasource").get("uid").asString()).as(title).isEqualTo(uid);
			assertThat(panel.get("targets").size()).as(title).isPositive();
			Set<String> refIds = new HashSet<>();
			panel.get("targets").forEach((target) -> {
				assertThat(refIds.add(target.get("refId").asString())).as(title).isTrue();
				assertThat(target.get("datasource").get("uid").asString()).as(title).isEqualTo(uid);
				assertThat(target.get("expr").asString()).as(title).isNotBlank();
				assertAsksOnlyForExportedMetricsAndLabels(target.get("expr").asString());
			});
		}
		assertThat(panels).extracting((panel) -> panel.get("title").asString())
			.anyMatch((title) -> title.contains("completion rates"))
			.anyMatch((title) -> title.contains("Queue depth"))
			.anyMatch((title) -> title.contains("latency"))
			.anyMatch((title) -> title.contains("Batches") || title.contains("per batch"))
			.anyMatch((title) -> title.contains("by table and model"));
	}

	@Test
	void grafanaLoadsTheDashboardsFromWhereComposeMountsThem() throws IOException {
		// given
		Map<String, Object> providers = yaml(DOCKER.resolve("grafana/provisioning/dashboards/reembed.yml"));
		Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml"));

		// when
		List<Map<String, Object>> dashboardProviders = list(providers.get("providers"));
		Map<String, Object> options = map(dashboardProviders.get(0).get("options"));
		Map<String, Map<String, Object>> services = map(compose.get("services"));
		List<String> grafanaVolumes = list(services.get("grafana").get("volumes"));
		List<String> prometheusVolumes = list(services.get("prometheus").get("volumes"));

		// then
		assertThat(grafanaVolumes).contains("./grafana/dashboards:" + text(options.get("path")) + ":ro");
		assertThat(prometheusVolumes).contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
	}

	/**
	 * Every metric an expression selects is exported, and so is every label it groups, matches or joins on. What
	 * remains of the expression after string literals, label lists, ranges and numbers are taken out is functions,
	 * operators and metric names.
	 */
	private static void assertAsksOnlyForExportedMetricsAndLabels(String expression) {
		Set<String> labels = new TreeSet<>();
		String rest = expression.replaceAll("\\[[^\\]]*\\]", " ");
		Matcher grouping = GROUPING.matcher(rest);
		while (grouping.find()) {
			for (String label : grouping.group(1).split(",")) {
				if (!label.isBlank()) {
					labels.add(label.trim());
				}
			}
		}
		rest = GROUPING.matcher(rest).replaceAll(" ");
		Matcher matchers = MATCHERS.matcher(rest);
		while (matchers.find()) {
			Matcher label = MATCHER_LABEL.matcher(matchers.group(1));
			while (label.find()) {
				labels.add(label.group(1));
			}
		}
		rest = MATCHERS.matcher(rest).replaceAll(" ").replaceAll("\"[^\"]*\"", " ");
		Set<String> metrics = new TreeSet<>();
		Matcher identifier = IDENTIFIER.matcher(rest);
		while (identifier.find()) {
			String name = identifier.group();
			boolean function = rest.substring(identifier.end()).stripLeading().startsWith("(");
			boolean number = identifier.start() > 0 && Character.isDigit(rest.charAt(identifier.start() - 1));
			if (!function && !number && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
				metrics.add(name);
			}
		}
		assertThat(metrics).as(expression).isNotEmpty().allMatch((name) -> name.startsWith("reembed_"));
		assertThat(exported.names()).as(expression).containsAll(metrics);
		labels.remove("le");
		assertThat(exported.labelNames()).as(expression).containsAll(labels);
	}

}
