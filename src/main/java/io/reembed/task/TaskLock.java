package io.reembed.task;

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.task.listener.TaskExecutionListener;
import org.springframework.cloud.task.repository.TaskExecution;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * Makes Spring Cloud Task 5.0.0's single-instance lock work on Spring Integration 7's JDBC locks, in its lock table
 * ({@code TASK_LOCK}):
 * <ul>
 * <li>it adds the column {@code EXPIRED_AFTER}, which the locks read and write and the table lacks
 * (spring-cloud-task#960): without it no launch gets the lock;</li>
 * <li>when the task ends, it waits until the lock is released. The lock's own thread releases it, and nothing waits
 * for that thread: a process that exits first leaves its lock held until it expires, and a relaunch right after a
 * failure is refused as if the failed launch were still running.</li>
 * </ul>
 */
final class TaskLock implements InitializingBean, TaskExecutionListener, ApplicationListener<ApplicationEvent>,
		Ordered {

	private static final Logger logger = LoggerFactory.getLogger(TaskLock.class);

	private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Duration RELEASE_WAIT = Duration.ofSeconds(5);

	private final JdbcTemplate jdbcTemplate;

	private final String table;

	private volatile @Nullable Long executionId;

	TaskLock(JdbcTemplate jdbcTemplate, String tablePrefix) {
		Assert.isTrue(PREFIX.matcher(tablePrefix).matches(),
				() -> "Task table prefix '" + tablePrefix + "' is not a plain identifier");
		this.jdbcTemplate = jdbcTemplate;
		this.table = tablePrefix + "LOCK";
	}

	@Override
	public void afterPropertiesSet() {
		this.jdbcTemplate.execute("ALTER TABLE " + this.table + " ADD COLUMN IF NOT EXISTS EXPIRED_AFTER TIMESTAMP");
	}

	@Override
	public void onTaskStartup(TaskExecution taskExecution) {
		this.executionId = taskExecution.getExecutionId();
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) {
			awaitRelease();
		}
	}

	private void awaitRelease() {
		Long ended = this.executionId;
		if (ended == null) {
			return;
		}
		this.executionId = null;
		// Spring Integration keys the lock's holder by the task execution id.
		String holder = Long.toString(ended);
		long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
		while (isHeldBy(holder) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		// The execution has ended: whatever its lock thread did not get to release is released here.
		int released = this.jdbcTemplate.update("DELETE FROM " + this.table + " WHERE CLIENT_ID = ?", holder);
		if (released > 0) {
			logger.debug("Released the lock of task execution {} left by its lock thread", ended);
		}
	}

	private boolean isHeldBy(String holder) {
		Integer held = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM " + this.table + " WHERE CLIENT_ID = ?",
				Integer.class, holder);
		return held != null && held > 0;
	}

	@Override
	public int getOrder() {
		// After Spring Cloud Task's listener, which ends the task, and with it the lock, on the same events.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
