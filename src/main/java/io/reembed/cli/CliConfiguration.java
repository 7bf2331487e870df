package io.reembed.cli;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.reembed.audit.AuditLog;
import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.job.BackfillLauncher;
import io.reembed.job.BackfillModels;
import io.reembed.job.JobProgress;
import io.reembed.job.ReembedLauncher;
import io.reembed.job.ServedModels;
import io.reembed.job.TableCollections;
import io.reembed.plan.BackfillPlanner;
import io.reembed.store.VectorStore;
import io.reembed.web.security.ApiTokens;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The command line, on when the process was started with a subcommand (see {@link Subcommand}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "reembed.cli.enabled", havingValue = "true")
public class CliConfiguration {

	/** Before the runners that act on the command's outcome, such as the one that records a task's exit code. */
	@Bean
	@Order(0)
	ReembedCommandLineRunner reembedCommandLineRunner(BackfillLauncher backfillLauncher, TableCatalog tableCatalog,
			JobProgress jobProgress, EmbeddingProviders embeddingProviders, VectorStore vectorStore,
			JobOperator jobOperator, JobRepository jobRepository, List<Job> jobs, DataSource dataSource,
			TableCollections tableCollections, ReembedLauncher reembedLauncher, ServedModels servedModels,
			BackfillModels backfillModels, BackfillPlanner backfillPlanner, ApiTokens apiTokens, AuditLog auditLog,
			ReembedProperties properties, Environment environment) {
		Console console = Console.system();
		BackfillCommand backfill = new BackfillCommand(backfillLauncher, tableCatalog, jobProgress, backfillModels,
				console);
		JobCommands jobCommands = new JobCommands(jobOperator, jobRepository, jobs, console);
		SearchCommand search = new SearchCommand(tableCatalog, embeddingProviders, vectorStore, properties,
				servedModels, console);
		PlanCommand plan = new PlanCommand(backfillPlanner, tableCatalog, servedModels, console);
		ReembedCommand reembed = new ReembedCommand(reembedLauncher, tableCatalog, jobProgress, servedModels,
				console);
		CollectionCommands collections = new CollectionCommands(tableCatalog, tableCollections, console);
		TokenCommands tokens = new TokenCommands(apiTokens, console);
		AuditCommands audit = new AuditCommands(auditLog, console);
		DemoCommand demo = new DemoCommand(dataSource, tableCatalog, backfill, search, reembed, vectorStore,
				tableCollections, properties, console);
		Map<Subcommand, ReembedCommandLineRunner.Command> commands = new EnumMap<>(Subcommand.class);
		commands.put(Subcommand.BACKFILL, backfill::run);
		commands.put(Subcommand.PLAN, plan::run);
		commands.put(Subcommand.REEMBED, reembed::run);
		commands.put(Subcommand.RESTART, jobCommands::restart);
		commands.put(Subcommand.STOP, jobCommands::stop);
		commands.put(Subcommand.RECOVER, jobCommands::recover);
		commands.put(Subcommand.STATUS, jobCommands::status);
		commands.put(Subcommand.SEARCH, search::run);
		commands.put(Subcommand.ROLLBACK, collections::rollback);
		commands.put(Subcommand.CLEANUP, collections::cleanup);
		commands.put(Subcommand.TOKEN, tokens::run);
		commands.put(Subcommand.AUDIT, audit::run);
		commands.put(Subcommand.DEMO, demo::run);
		commands.put(Subcommand.SERVE, new ServeCommand(environment, console)::run);
		commands.put(Subcommand.WORKER, new WorkerCommand(properties, console)::run);
		return new ReembedCommandLineRunner(commands, console);
	}

}
