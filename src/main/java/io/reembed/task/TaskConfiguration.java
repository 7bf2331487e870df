package io.reembed.task;

import io.reembed.cli.ExitCodes;
import io.reembed.cli.Subcommand;

import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.ExitCodeExceptionMapper;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.cloud.task.configuration.EnableTask;
import org.springframework.cloud.task.configuration.TaskProperties;
import org.springframework.cloud.task.listener.TaskException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A launch recorded as a Spring Cloud Task, in the {@value TaskLaunches#PROFILE} profile: its task execution, linked
 * to its job executions, its exit code, and the lock that lets one launch at a time work on a client's table. A
 * server runs until it is stopped and is never a task.
 */
@Configuration(proxyBeanMethods = false)
@Profile(TaskLaunches.PROFILE + " & !" + Subcommand.SERVE_PROFILE + " & !" + Subcommand.WORKER_PROFILE)
@EnableTask
public class TaskConfiguration {

	/**
	 * The task's repository and its lock use the application's transaction manager, named by
	 * {@code spring.cloud.task.transaction-manager}, rather than one more of their own; the lock asks for it by the
	 * name of the one Spring Cloud Task would have made.
	 */
	@Bean
	static BeanFactoryPostProcessor taskTransactionManagerAlias() {
		return (beanFactory) -> beanFactory.registerAlias("transactionManager", "springCloudTaskTransactionManager");
	}

	/** Spring Cloud Task's job runner, which fails the task when its job fails, needs one; Spring Boot makes none. */
	@Bean
	MapJobRegistry jobRegistry() {
		return new MapJobRegistry();
	}

	@Bean
	@DependsOn("taskRepositoryInitializer")
	TaskLock taskLock(JdbcTemplate jdbcTemplate, TaskProperties taskProperties) {
		return new TaskLock(jdbcTemplate, taskProperties.getTablePrefix());
	}

	/** After every other runner: it hands their exit code to the task. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	TaskExitCodeRecorder taskExitCodeRecorder(ApplicationEventPublisher eventPublisher,
			ObjectProvider<ExitCodeGenerator> exitCodeGenerators) {
		return new TaskExitCodeRecorder(eventPublisher, exitCodeGenerators);
	}

	/** A job that failed under Spring Cloud Task's runner exits as a failed subcommand does. */
	@Bean
	ExitCodeExceptionMapper taskFailureExitCode() {
		return (exception) -> {
			for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
				if (cause instanceof TaskException) {
					return ExitCodes.FAILED;
				}
			}
			return 0;
		};
	}

}
