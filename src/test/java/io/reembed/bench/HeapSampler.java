package io.reembed.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest heap use of this JVM, garbage included, sampled every 20 ms by a daemon thread.
 */
final class HeapSampler {

	private final AtomicLong peak = new AtomicLong();

	private HeapSampler() {
	}

	static HeapSampler start() {
		HeapSampler sampler = new HeapSampler();
		Thread thread = new Thread(() -> {
			while (true) {
				long used = 0;
				for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
					if (pool.getType() == MemoryType.HEAP) {
						used += pool.getUsage().getUsed();
					}
				}
				sampler.peak.accumulateAndGet(used, Math::max);
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "heap-sampler");
		thread.setDaemon(true);
		thread.start();
		return sampler;
	}

	void reset() {
		this.peak.set(0);
	}

	long peakMiB() {
		return this.peak.get() / (1024 * 1024);
	}

}
