package io.reembed;

import io.reembed.cli.Subcommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point: either a reembed subcommand ({@code backfill}, {@code status}, ...) or the Spring Boot
 * convention {@code --spring.batch.job.name=backfill table=issues clientId=42}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReembedApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ReembedApplication.class);
		application.setDefaultProperties(Subcommand.defaultPropertiesFor(args));
		System.exit(SpringApplication.exit(application.run(args)));
	}

}
