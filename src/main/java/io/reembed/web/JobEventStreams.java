package io.reembed.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.reembed.orchestrator.JobDetails;
import io.reembed.orchestrator.Orchestrator;
import io.reembed.web.security.ApiToken;
import io.reembed.web.security.ApiTokens;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open server-sent event streams of jobs: each sends its job, as {@code GET /api/jobs/{id}} shows it, at once
 * and then every {@code events-interval}, as {@code progress} events, until the job ends, when a last {@code end}
 * event carries its final state. A stream also ends at its timeout, when its client goes away, when its token is
 * revoked, and when the server stops.
 */
public final class JobEventStreams implements SmartLifecycle, DisposableBean {

	/** Name of the events sent while the job may still change. */
	static final String PROGRESS = "progress";

	/** Name of the last event, sent once the job has ended. */
	static final String END = "end";

	private static final Logger logger = LoggerFactory.getLogger(JobEventStreams.class);

	private final Orchestrator orchestrator;

	private final ApiTokens tokens;

	private final Duration interval;

	private final Duration timeout;

	private final ScheduledExecutorService ticks;

	private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	JobEventStreams(Orchestrator orchestrator, ApiTokens tokens, Duration interval, Duration timeout, int threads) {
		this.orchestrator = orchestrator;
		this.tokens = tokens;
		this.interval = interval;
		this.timeout = timeout;
		AtomicInteger count = new AtomicInteger();
		this.ticks = Executors.newScheduledThreadPool(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "reembed-events-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Opens a stream of a job whose client the token may read.
	 */
	SseEmitter open(long jobId, ApiToken token) {
		SseEmitter emitter = new SseEmitter(this.timeout.toMillis());
		Stream stream = new Stream(jobId, token, emitter);
		emitter.onTimeout(() -> {
			logger.debug("Events of job {} timed out after {}", jobId, this.timeout);
			stream.close();
			emitter.complete();
		});
		emitter.onError((ex) -> {
			logger.debug("Events of job {} failed: {}", jobId, ex.toString());
			stream.close();
		});
		emitter.onCompletion(stream::close);
		if (!this.running) {
			emitter.complete();
			return emitter;
		}
		this.streams.add(stream);
		try {
			stream.start(this.ticks.scheduleWithFixedDelay(stream::tick, 0, this.interval.toMillis(),
					TimeUnit.MILLISECONDS));
		}
		catch (RejectedExecutionException ex) {
			// The server is shutting down.
			stream.close();
			emitter.complete();
			return emitter;
		}
		logger.debug("Events of job {} opened for token '{}'", jobId, token.name());
		return emitter;
	}

	/** Streams open now. */
	int openStreams() {
		return this.streams.size();
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Ends every open stream, so that no request still open holds up the web server's graceful shutdown.
	 */
	@Override
	public void stop() {
		this.running = false;
		for (Stream stream : this.streams) {
			stream.close();
			stream.emitter.complete();
		}
	}

	@Override
	public void destroy() {
		this.ticks.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private final class Stream {

		private final long jobId;

		private final ApiToken token;

		private final SseEmitter emitter;

		private final AtomicBoolean closed = new AtomicBoolean();

		private volatile @Nullable ScheduledFuture<?> ticking;

		private long sent;

		Stream(long jobId, ApiToken token, SseEmitter emitter) {
			this.jobId = jobId;
			this.token = token;
			this.emitter = emitter;
		}

		void start(ScheduledFuture<?> ticking) {
			this.ticking = ticking;
			if (this.closed.get()) {
				ticking.cancel(false);
			}
		}

		/** Runs on one thread at a time: the executor never overlaps the runs of one task. */
		void tick() {
			if (this.closed.get()) {
				return;
			}
			try {
				if (!JobEventStreams.this.tokens.isActive(this.token)) {
					logger.debug("Events of job {} end: token '{}' was revoked", this.jobId, this.token.name());
					close();
					this.emitter.complete();
					return;
				}
				JobDetails details = JobEventStreams.this.orchestrator.details(this.jobId);
				boolean ended = details.job().state().isFinished();
				this.emitter.send(SseEmitter.event()
					.id(Long.toString(++this.sent))
					.name(ended ? END : PROGRESS)
					.data(JobView.of(details), MediaType.APPLICATION_JSON));
				if (ended) {
					close();
					this.emitter.complete();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away, or the stream completed meanwhile: the container completes the request.
				logger.debug("Events of job {} could not be sent: {}", this.jobId, ex.toString());
				close();
			}
			catch (RuntimeException ex) {
				logger.warn("Events of job {} end: its state could not be read", this.jobId, ex);
				close();
				this.emitter.complete();
			}
		}

		void close() {
			if (this.closed.compareAndSet(false, true)) {
				ScheduledFuture<?> ticking = this.ticking;
				if (ticking != null) {
					ticking.cancel(false);
				}
				JobEventStreams.this.streams.remove(this);
			}
		}

	}

}
