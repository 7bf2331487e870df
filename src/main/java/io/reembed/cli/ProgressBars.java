package io.reembed.cli;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.reembed.job.JobProgress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows rows, rate and ETA of the job execution running in this process.
 */
final class ProgressBars implements AutoCloseable {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "progress-bar");
		thread.setDaemon(true);
		return thread;
	});

	private final ProgressBar bar;

	private ProgressBars(String task, JobProgress progress) {
		this.bar = new ProgressBarBuilder().setTaskName(task)
			.setInitialMax(-1)
			.setStyle(ProgressBarStyle.ASCII)
			.setUnit(" rows", 1)
			.showSpeed()
			.setUpdateIntervalMillis(500)
			.setMaxRenderedLength(120)
			.setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
			.build();
		this.scheduler.scheduleAtFixedRate(() -> refresh(progress), 200, 250, TimeUnit.MILLISECONDS);
	}

	static ProgressBars show(String task, JobProgress progress) {
		return new ProgressBars(task, progress);
	}

	private void refresh(JobProgress progress) {
		progress.latest().ifPresent((snapshot) -> {
			if (snapshot.total() >= 0 && this.bar.getMax() != snapshot.total()) {
				this.bar.maxHint(snapshot.total());
			}
			this.bar.stepTo(snapshot.done());
		});
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		try {
			this.scheduler.awaitTermination(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.bar.close();
	}

	static String rate(long rows, Duration duration) {
		double seconds = Math.max(duration.toMillis(), 1) / 1000.0;
		return String.format(java.util.Locale.ROOT, "%.0f rows/s", rows / seconds);
	}

}
