package io.reembed.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

import io.reembed.config.ReembedProperties;
import io.reembed.support.YamlFiles;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static io.reembed.support.YamlFiles.list;
import static io.reembed.support.YamlFiles.map;
import static io.reembed.support.YamlFiles.text;
import static io.reembed.support.YamlFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker/compose.yaml and docker/Dockerfile are valid as far as can be told without a Docker engine: every service
 * can be built or pulled, everything they mount, build or copy exists, they depend only on each other, publish
 * well-formed ports, and configure reembed with settings it reads.
 */
class DockerFilesTests {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	private static final Path DOCKER = ROOT.resolve("docker");

	private static final Pattern PORT = Pattern
		.compile("(?:(?<ip>[0-9.]+):)?(?:(?<host>\\d+(?:-\\d+)?):)?(?<container>\\d+(?:-\\d+)?)(?:/(?:tcp|udp))?");

	private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy",
			"service_completed_successfully");

	/** The Spring Boot settings compose may give reembed's processes. */
	private static final Set<String> SPRING_SETTINGS = Set.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
			"SPRING_DATASOURCE_PASSWORD", "SPRING_RABBITMQ_HOST", "SPRING_RABBITMQ_PORT", "SPRING_RABBITMQ_USERNAME",
			"SPRING_RABBITMQ_PASSWORD", "SPRING_PROFILES_ACTIVE");

	/** The layers of a Spring Boot jar, in the order an image should hold them. */
	private static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
			"application");

	private static Map<String, Map<String, Object>> services;

	private static Map<String, Object> compose;

	@BeforeAll
	static void readCompose() throws IOException {
		compose = yaml(DOCKER.resolve("compose.yaml"));
		services = map(compose.get("services"));
	}

	@Test
	void theStackHoldsEveryPartAndTheMonitoringMovedIntoIt() {
		// when
		Map<String, String> images = new HashMap<>();
		services.forEach((name, service) -> images.put(name, String.valueOf(service.get("image"))));

		// then
		assertThat(DOCKER.resolve("compose.yml")).doesNotExist();
		assertThat(images.get("postgres")).startsWith("postgres:");
		assertThat(images.get("qdrant")).startsWith("qdrant/qdrant:");
		assertThat(images.get("rabbitmq")).startsWith("rabbitmq:");
		assertThat(images.get("prometheus")).startsWith("prom/prometheus:");
		assertThat(images.get("grafana")).startsWith("grafana/grafana:");
		assertThat(command(services.get("reembed"))).containsExactly("serve");
		assertThat(services.values().stream().filter((service) -> List.of("worker").equals(command(service))))
			.hasSize(2)
			.allSatisfy((worker) -> assertThat(worker.get("image")).isEqualTo(services.get("reembed").get("image")));
	}

	@Test
	void everyServiceHasAnImageOrABuildWhoseDockerfileExists() {
		services.forEach((name, service) -> {
			assertThat(service.containsKey("image") || service.containsKey("build")).as(name).isTrue();
			if (service.get("image") != null) {
				assertThat(text(service.get("image"))).as(name).matches("[a-z0-9./_-]+(:[A-Za-z0-9._-]+)?");
			}
			if (service.get("build") != null) {
				Map<String, Object> build = (service.get("build") instanceof String context)
						? Map.of("context", context) : map(service.get("build"));
				Path context = DOCKER.resolve(text(build.get("context"))).normalize();
				assertThat(context).as(name).isDirectory();
				String dockerfile = (build.get("dockerfile") != null) ? text(build.get("dockerfile")) : "Dockerfile";
				assertThat(context.resolve(dockerfile)).as(name).isRegularFile();
			}
		});
	}

	@Test
	void everyDependencyNamesAServiceWithoutACycleAndAHealthyOneHasAHealthCheck() {
		// when
		Map<String, Set<String>> dependencies = new LinkedHashMap<>();
		services.forEach((name, service) -> {
			Object dependsOn = service.get("depends_on");
			Set<String> names = new HashSet<>();
			if (dependsOn instanceof List<?> list) {
				list.forEach((dependency) -> names.add(text(dependency)));
			}
			else if (dependsOn != null) {
				Map<String, Map<String, Object>> conditions = map(dependsOn);
				conditions.forEach((dependency, options) -> {
					names.add(dependency);
					Object condition = options.get("condition");
					assertThat(condition).as(name + " on " + dependency).isIn(CONDITIONS);
					if ("service_healthy".equals(condition)) {
						assertThat(services.get(dependency)).as(dependency).containsKey("healthcheck");
					}
				});
			}
			dependencies.put(name, names);
		});

		// then
		dependencies.forEach((name, names) -> assertThat(services.keySet()).as(name).containsAll(names));
		dependencies.keySet().forEach((name) -> assertNoCycle(name, dependencies, new ArrayDeque<>()));
	}

	@Test
	void everyMountedPathExistsInTheRepositoryAndEveryNamedVolumeIsDeclared() {
		// given
		Set<String> declared = (compose.get("volumes") != null)
				? YamlFiles.<String, Object>map(compose.get("volumes")).keySet() : Set.of();

		// then
		services.forEach((name, service) -> {
			List<Object> volumes = (service.get("volumes") != null) ? list(service.get("volumes")) : List.of();
			for (Object volume : volumes) {
				String source = (volume instanceof String mount) ? mount.split(":")[0]
						: text(YamlFiles.<String, Object>map(volume).get("source"));
				if (source.startsWith("./") || source.startsWith("../")) {
					assertThat(DOCKER.resolve(source).normalize()).as(name + ": " + volume).exists();
				}
				else {
					assertThat(source).as(name + ": a host path outside the repository").doesNotStartWith("/");
					assertThat(declared).as(name + ": " + volume).contains(source);
				}
			}
		});
	}

	@Test
	void portsAreWellFormedAndNoHostPortIsPublishedTwice() {
		// given
		Set<Integer> published = new HashSet<>();

		// then
		services.forEach((name, service) -> {
			List<Object> ports = (service.get("ports") != null) ? list(service.get("ports")) : List.of();
			for (Object port : ports) {
				Matcher matcher = PORT.matcher(text(port));
				assertThat(matcher.matches()).as(name + ": " + port).isTrue();
				for (String group : List.of("host", "container")) {
					if (matcher.group(group) != null) {
						for (String number : matcher.group(group).split("-")) {
							assertThat(Integer.parseInt(number)).as(name + ": " + port).isBetween(1, 65535);
						}
					}
				}
				if (matcher.group("host") != null) {
					assertThat(published.add(Integer.parseInt(matcher.group("host").split("-")[0])))
						.as(name + " publishes host port " + matcher.group("host") + " another service publishes")
						.isTrue();
				}
			}
		});
	}

	@Test
	void reembedIsConfiguredWithSettingsItReadsAndReachesTheOtherServicesByName() throws IOException {
		// given
		String applicationYaml = Files.readString(ROOT.resolve("src/main/resources/application.yml"));

		// then
		for (String name : List.of("reembed", "worker-1", "worker-2")) {
			Map<String, Object> environment = map(services.get(name).get("environment"));
			Map<String, Object> reembedSettings = new HashMap<>();
			environment.forEach((key, value) -> {
				if (key.startsWith("REEMBED_")) {
					reembedSettings.put(key, String.valueOf(value));
				}
				else if (key.startsWith("SPRING_")) {
					assertThat(SPRING_SETTINGS).as(name).contains(key);
				}
				else {
					assertThat(applicationYaml).as(name + ": application.yml reads " + key).contains("${" + key + ":");
				}
			});
			Set<String> bound = new HashSet<>();
			ConfigurationPropertySource source = ConfigurationPropertySource
				.from(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						reembedSettings));
			ReembedProperties properties = new Binder(source).bindOrCreate("reembed",
					Bindable.of(ReembedProperties.class), new AbstractBindHandler() {
						@Override
						public @Nullable Object onSuccess(ConfigurationPropertyName property, Bindable<?> target,
								BindContext context, Object result) {
							ConfigurationProperty variable = source.getConfigurationProperty(property);
							if (variable != null) {
								bound.add(((PropertySourceOrigin) variable.getOrigin()).getPropertyName());
							}
							return result;
						}
					});
			assertThat(bound).as(name).containsExactlyInAnyOrderElementsOf(reembedSettings.keySet());
			assertThat(properties.store().type()).as(name).isEqualTo(ReembedProperties.StoreType.QDRANT);
			assertThat(services).as(name).containsKey(properties.store().qdrant().host());
			assertThat(properties.store().qdrant().port()).as(name).isEqualTo(6334);
			assertThat(text(environment.get("SPRING_DATASOURCE_URL"))).as(name)
				.isEqualTo("jdbc:postgresql://postgres:5432/" + postgresDatabase());
			assertThat(services).as(name).containsKey(text(environment.get("SPRING_RABBITMQ_HOST")));
		}
	}

	@Test
	void prometheusScrapesTheReembedServiceOnItsPort() throws IOException {
		// given
		Map<String, Object> prometheus = yaml(DOCKER.resolve("prometheus/prometheus.yml"));

		// when
		List<Map<String, Object>> scrapes = list(prometheus.get("scrape_configs"));
		List<Map<String, Object>> targets = list(scrapes.get(0).get("static_configs"));
		List<String> addresses = list(targets.get(0).get("targets"));

		// then
		assertThat(addresses).containsExactly("reembed:8080");
		assertThat(list(services.get("reembed").get("ports"))).contains("8080:8080");
	}

	@Test
	void theDockerfileBuildsTheJarAndCopiesItsLayersOntoAJava17Runtime() throws IOException {
		// given
		List<String> instructions = instructions(DOCKER.resolve("Dockerfile"));
		List<String> keptInContext = Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore"))
			.stream()
			.filter((line) -> line.startsWith("!"))
			.map((line) -> line.substring(1) + "/")
			.toList();

		// when
		List<String> stages = new ArrayList<>();
		List<String> fromImages = new ArrayList<>();
		List<String> layersCopied = new ArrayList<>();
		String entrypoint = null;
		boolean extracts = false;
		for (String instruction : instructions) {
			String[] words = instruction.split("\\s+");
			switch (words[0].toUpperCase(Locale.ROOT)) {
				case "FROM" -> {
					fromImages.add(words[1]);
					stages.add((words.length == 4 && words[2].equalsIgnoreCase("AS")) ? words[3] : "");
				}
				case "COPY" -> {
					assertThat(stages).as(instruction).isNotEmpty();
					List<String> arguments = new ArrayList<>(List.of(words).subList(1, words.length));
					String from = null;
					while (arguments.get(0).startsWith("--")) {
						String option = arguments.remove(0);
						if (option.startsWith("--from=")) {
							from = option.substring("--from=".length());
						}
					}
					List<String> sources = arguments.subList(0, arguments.size() - 1);
					if (from != null) {
						assertThat(stages.subList(0, stages.size() - 1)).as(instruction).contains(from);
						sources.stream()
							.map((path) -> path.replaceAll("/$", ""))
							.filter((path) -> path.matches(".*/extracted/[a-z-]+"))
							.forEach((path) -> layersCopied.add(path.substring(path.lastIndexOf('/') + 1)));
					}
					else {
						for (String path : sources) {
							assertThat(ROOT.resolve(path)).as(instruction).exists();
							String directory = path.replaceAll("/$", "") + "/";
							assertThat(keptInContext).as(instruction + ": kept in the build context")
								.anyMatch((kept) -> directory.startsWith(kept) || kept.startsWith(directory));
						}
					}
				}
				case "RUN" -> extracts |= instruction.contains("java -Djarmode=tools -jar reembed.jar extract --layers");
				case "ENTRYPOINT" -> entrypoint = instruction.substring("ENTRYPOINT".length()).trim();
				default -> {
				}
			}
		}

		// then
		assertThat(fromImages.get(0)).endsWith("-temurin-17");
		assertThat(fromImages.get(fromImages.size() - 1)).isEqualTo("eclipse-temurin:17-jre");
		assertThat(stages.stream().filter((stage) -> !stage.isEmpty())).doesNotHaveDuplicates();
		assertThat(instructions).contains("COPY --from=build /build/target/" + jarName() + " reembed.jar");
		assertThat(extracts).isTrue();
		assertThat(layersCopied).containsExactlyElementsOf(LAYERS);
		assertThat(entrypoint).startsWith("[\"java\"").endsWith("\"-jar\", \"reembed.jar\"]");
	}

	@Test
	void aJarBuiltByMakeJarHasTheLayersTheDockerfileCopies() throws IOException {
		// given
		Path jar = ROOT.resolve("target").resolve(jarName());
		assumeTrue(Files.isRegularFile(jar), "make jar has not built " + jar);

		// when
		List<String> layers = new ArrayList<>();
		try (JarFile file = new JarFile(jar.toFile())) {
			ZipEntry index = file.getEntry("BOOT-INF/layers.idx");
			assertThat(index).isNotNull();
			String text = new String(file.getInputStream(index).readAllBytes());
			Matcher layer = Pattern.compile("^- \"([a-z-]+)\":$", Pattern.MULTILINE).matcher(text);
			while (layer.find()) {
				layers.add(layer.group(1));
			}
		}

		// then
		assertThat(layers).containsExactlyElementsOf(LAYERS);
	}

	/** The jar the pom's build makes. */
	private static String jarName() throws IOException {
		Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>")
			.matcher(Files.readString(ROOT.resolve("pom.xml")));
		assertThat(finalName.find()).isTrue();
		return finalName.group(1) + ".jar";
	}

	private static String postgresDatabase() {
		return text(YamlFiles.<String, Object>map(services.get("postgres").get("environment"))
			.get("POSTGRES_DB"));
	}

	/** The Dockerfile's instructions, continuation lines joined, comments and parser directives left out. */
	private static List<String> instructions(Path dockerfile) throws IOException {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : Files.readAllLines(dockerfile)) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			instructions.add(current.append(trimmed).toString().replaceAll("\\s+", " ").strip());
			current.setLength(0);
		}
		assertThat(current).as("a continuation line ends the Dockerfile").isEmpty();
		return instructions;
	}

	private static void assertNoCycle(String name, Map<String, Set<String>> dependencies, Deque<String> path) {
		assertThat(path).as("depends_on cycle through " + path).doesNotContain(name);
		path.push(name);
		dependencies.getOrDefault(name, Set.of()).forEach((next) -> assertNoCycle(next, dependencies, path));
		path.pop();
	}

	private static List<String> command(Map<String, Object> service) {
		return (service.get("command") != null) ? list(service.get("command")) : List.of();
	}

}
