package io.reembed;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.reembed.cli.Subcommand;
import io.reembed.task.TaskLaunches;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Entry point: either a reembed subcommand ({@code backfill}, {@code status}, ...) or the Spring Boot
 * convention {@code --spring.batch.job.name=backfill table=issues clientId=42}. {@code serve} runs until the process
 * is stopped; everything else exits with its command's exit code, and in the {@code task} profile is recorded as a
 * Spring Cloud Task.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReembedApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ReembedApplication.class);
		Map<String, Object> defaults = new HashMap<>(Subcommand.defaultPropertiesFor(args));
		defaults.putAll(TaskLaunches.defaultPropertiesFor(args));
		application.setDefaultProperties(defaults);
		application.setAdditionalProfiles(Stream.of(Subcommand.profilesFor(args), TaskLaunches.profilesFor(args))
			.flatMap(Stream::of)
			.toArray(String[]::new));
		ConfigurableApplicationContext context = application.run(args);
		if (!Subcommand.isServer(args)) {
			System.exit(SpringApplication.exit(context));
		}
	}

}
