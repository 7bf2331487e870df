// The reembed dashboard: jobs from the REST API, live progress from each running job's event stream.
// An EventSource cannot send an Authorization header, so the streams are read with fetch().
'use strict';

(() => {
	const TOKEN_KEY = 'reembed.token';
	const REFRESH_MILLIS = 3000;
	const FINISHED_SHOWN = 50;
	// Browsers open about six connections to one server: streams beyond these would leave none for the API calls.
	const MAX_STREAMS = 4;
	const CHART_WINDOW_MILLIS = 5 * 60 * 1000;
	const JOB_COLUMNS = ['Job', 'Kind', 'Table', 'Client', 'Model', 'Priority', 'Status', 'Progress', 'Rate', 'ETA',
		'Actions'];
	const COLOURS = ['#1b6ac9', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#be185d'];

	const jobs = new Map();
	const streams = new Map();
	const rates = new Map();
	const finishedDetails = new Set();
	let token = null;
	let refreshTimer = null;
	let detailsJobId = null;

	const $ = (id) => document.getElementById(id);

	// ---- API ----

	class ApiError extends Error {
		constructor(status, message) {
			super(message);
			this.status = status;
		}
	}

	async function api(method, path) {
		const response = await fetch(path, {
			method,
			headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' },
			cache: 'no-store',
		});
		if (!response.ok) {
			throw new ApiError(response.status, await errorMessage(response));
		}
		return response.json();
	}

	async function errorMessage(response) {
		try {
			const body = await response.json();
			// The API's own errors carry "error"; refused access is a problem detail.
			return body.error || body.detail || response.statusText;
		}
		catch (e) {
			return response.statusText || ('HTTP ' + response.status);
		}
	}

	// ---- the token ----

	function useToken(value) {
		stopAll();
		token = value;
		sessionStorage.setItem(TOKEN_KEY, value);
		$('token').value = '';
		$('connection').textContent = 'Loading jobs…';
		refresh();
		refreshTimer = setInterval(refresh, REFRESH_MILLIS);
	}

	function forgetToken() {
		stopAll();
		token = null;
		sessionStorage.removeItem(TOKEN_KEY);
		jobs.clear();
		rates.clear();
		finishedDetails.clear();
		closeDetails();
		render();
		drawChart();
		$('connection').textContent = 'No API token yet.';
		$('token').focus();
	}

	function stopAll() {
		if (refreshTimer !== null) {
			clearInterval(refreshTimer);
			refreshTimer = null;
		}
		for (const controller of streams.values()) {
			controller.abort();
		}
		streams.clear();
	}

	// ---- jobs ----

	async function refresh() {
		if (token === null) {
			return;
		}
		const asked = token;
		try {
			const [running, pending, recent] = await Promise.all([
				api('GET', '/api/jobs?status=RUNNING&limit=1000'),
				api('GET', '/api/jobs?status=PENDING&limit=1000'),
				api('GET', '/api/jobs?limit=' + FINISHED_SHOWN),
			]);
			if (token !== asked) {
				// The token was forgotten or changed meanwhile: these jobs may not be its to see.
				return;
			}
			const listed = new Map();
			for (const job of [...recent, ...pending, ...running]) {
				listed.set(job.id, job);
			}
			for (const id of jobs.keys()) {
				if (!listed.has(id)) {
					jobs.delete(id);
				}
			}
			for (const job of listed.values()) {
				merge(job);
			}
			$('connection').textContent = 'Updated ' + new Date().toLocaleTimeString() + '.';
			render();
			await followRunning();
			await fillFinished();
			if (detailsJobId !== null && !streams.has(detailsJobId)) {
				await loadDetails(detailsJobId);
			}
		}
		catch (e) {
			failed(e);
		}
	}

	// Fields only a job's details and events carry: a listed job keeps those it had.
	const DETAIL_FIELDS = ['progress', 'steps', 'errors', 'deadLetters', 'deadLetterCount', 'qualityReport'];

	function merge(job) {
		const known = jobs.get(job.id);
		const merged = Object.assign({}, job);
		if (known && isFinished(job.status) === isFinished(known.status)) {
			for (const field of DETAIL_FIELDS) {
				if (!(field in job) && field in known) {
					merged[field] = known[field];
				}
			}
		}
		else if (known) {
			// Restarted or ended: its details are read again.
			finishedDetails.delete(job.id);
		}
		jobs.set(job.id, merged);
		return merged;
	}

	function isFinished(status) {
		return status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED';
	}

	async function followRunning() {
		for (const job of jobs.values()) {
			if (job.status !== 'RUNNING' || streams.has(job.id)) {
				continue;
			}
			if (streams.size < MAX_STREAMS) {
				follow(job.id);
			}
			else {
				// No stream to spare: its progress comes with each refresh instead.
				update(await api('GET', '/api/jobs/' + job.id));
			}
		}
	}

	// A finished job's progress, read once: the list does not carry it.
	async function fillFinished() {
		for (const job of jobs.values()) {
			if (isFinished(job.status) && !job.progress && !finishedDetails.has(job.id) && !streams.has(job.id)) {
				finishedDetails.add(job.id);
				update(await api('GET', '/api/jobs/' + job.id));
			}
		}
	}

	function update(job) {
		const merged = merge(job);
		if (merged.progress && merged.status === 'RUNNING') {
			sample(merged.id, merged.progress.itemsPerSecond);
		}
		render();
		if (detailsJobId === job.id) {
			showDetails(merged);
		}
	}

	function failed(e) {
		if (e instanceof ApiError && e.status === 401) {
			stopAll();
			$('connection').textContent = 'The token was refused.';
			showMessage('The API refused the token (401): it is unknown or revoked. Paste another.');
			return;
		}
		showMessage(e.message || String(e));
	}

	function showMessage(text) {
		$('message').textContent = text;
	}

	// ---- event streams ----

	async function follow(id) {
		const controller = new AbortController();
		streams.set(id, controller);
		try {
			const response = await fetch('/api/jobs/' + id + '/events', {
				headers: { Authorization: 'Bearer ' + token, Accept: 'text/event-stream' },
				cache: 'no-store',
				signal: controller.signal,
			});
			if (!response.ok) {
				throw new ApiError(response.status, await errorMessage(response));
			}
			const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
			let buffer = '';
			for (;;) {
				const { value, done } = await reader.read();
				if (done) {
					break;
				}
				buffer += value.replace(/\r\n?/g, '\n');
				let end;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					const event = parseEvent(buffer.slice(0, end));
					buffer = buffer.slice(end + 2);
					if (event.data) {
						update(JSON.parse(event.data));
					}
				}
			}
		}
		catch (e) {
			if (e.name !== 'AbortError') {
				failed(e);
			}
		}
		finally {
			// The next refresh opens another while the job still runs: after a timeout, say.
			if (streams.get(id) === controller) {
				streams.delete(id);
			}
		}
	}

	function parseEvent(block) {
		const event = { name: 'message', data: '' };
		for (const line of block.split('\n')) {
			const colon = line.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			const field = line.slice(0, colon);
			const value = line.slice(colon + 1).replace(/^ /, '');
			if (field === 'event') {
				event.name = value;
			}
			else if (field === 'data') {
				event.data += (event.data ? '\n' : '') + value;
			}
		}
		return event;
	}

	// ---- the job tables ----

	function sectionOf(status) {
		if (status === 'RUNNING') {
			return 'jobs-running';
		}
		return (status === 'PENDING') ? 'jobs-queued' : 'jobs-finished';
	}

	function render() {
		const sections = { 'jobs-running': [], 'jobs-queued': [], 'jobs-finished': [] };
		for (const job of [...jobs.values()].sort((a, b) => b.id - a.id)) {
			const row = document.querySelector('tr[data-job-id="' + job.id + '"]') || createRow(job.id);
			fillRow(row, job);
			sections[sectionOf(job.status)].push(row);
		}
		const kept = new Set(Object.values(sections).flat());
		for (const [id, rows] of Object.entries(sections)) {
			const body = $(id).tBodies[0];
			// Rows already in place stay put, so that a button keeps its focus.
			rows.forEach((row, index) => {
				if (body.rows[index] !== row) {
					body.insertBefore(row, body.rows[index] || null);
				}
			});
			for (const row of [...body.rows]) {
				if (!kept.has(row)) {
					row.remove();
				}
			}
			$(id).hidden = rows.length === 0;
			document.querySelector('[data-empty-for="' + id + '"]').hidden = rows.length > 0;
		}
	}

	function createRow(id) {
		const row = document.createElement('tr');
		row.dataset.jobId = id;
		for (const field of ['id', 'kind', 'table', 'client', 'model', 'priority', 'status']) {
			const cell = document.createElement(field === 'id' ? 'th' : 'td');
			if (field === 'id') {
				cell.scope = 'row';
			}
			cell.dataset.field = field;
			row.appendChild(cell);
		}
		const progressCell = document.createElement('td');
		progressCell.dataset.field = 'progress';
		const bar = document.createElement('progress');
		bar.setAttribute('aria-label', 'Progress of job ' + id);
		const text = document.createElement('span');
		text.dataset.field = 'progress-text';
		progressCell.append(bar, text);
		row.appendChild(progressCell);
		for (const field of ['rate', 'eta']) {
			const cell = document.createElement('td');
			cell.dataset.field = field;
			row.appendChild(cell);
		}
		const actions = document.createElement('td');
		actions.className = 'actions';
		actions.append(
			button('cancel', 'Cancel', 'Cancel job ' + id),
			button('restart', 'Restart', 'Restart job ' + id),
			button('details', 'Details', 'Show details of job ' + id));
		row.appendChild(actions);
		return row;
	}

	function button(action, label, description) {
		const element = document.createElement('button');
		element.type = 'button';
		element.dataset.action = action;
		element.textContent = label;
		element.setAttribute('aria-label', description);
		return element;
	}

	function fillRow(row, job) {
		row.dataset.status = job.status;
		setField(row, 'id', String(job.id));
		setField(row, 'kind', job.kind);
		setField(row, 'table', job.table);
		setField(row, 'client', job.client);
		setField(row, 'model', job.sourceModel ? job.sourceModel + ' → ' + (job.targetModel || '?')
				: (job.targetModel || '—'));
		setField(row, 'priority', job.priority);
		setField(row, 'status', job.status + (job.batchStatus && job.batchStatus !== job.status
				? ' (' + job.batchStatus + ')' : '') + (job.reason ? ': ' + job.reason : ''));
		const bar = row.querySelector('progress');
		const progress = job.progress;
		if (progress && progress.total != null) {
			bar.max = Math.max(progress.total, 1);
			bar.value = Math.min(progress.done, bar.max);
			const percent = progress.total > 0 ? Math.floor(100 * progress.done / progress.total) : 100;
			setField(row, 'progress-text', progress.done + ' / ' + progress.total + ' (' + percent + '%)');
		}
		else if (progress) {
			bar.removeAttribute('value');
			setField(row, 'progress-text', progress.done + ' rows');
		}
		else {
			if (job.status === 'RUNNING') {
				bar.removeAttribute('value');
			}
			else {
				bar.max = 1;
				bar.value = job.status === 'COMPLETED' ? 1 : 0;
			}
			setField(row, 'progress-text', '');
		}
		setField(row, 'rate', progress ? formatRate(progress.itemsPerSecond) : '—');
		setField(row, 'eta', job.status === 'RUNNING' && progress && progress.etaSeconds != null
				? formatSeconds(progress.etaSeconds) : '—');
		row.querySelector('[data-action="cancel"]').hidden = !(job.status === 'RUNNING' || job.status === 'PENDING');
		row.querySelector('[data-action="restart"]').hidden = !(job.status === 'FAILED' || job.status === 'CANCELLED');
	}

	function setField(row, field, text) {
		const element = row.querySelector('[data-field="' + field + '"]');
		if (element.textContent !== text) {
			element.textContent = text;
		}
	}

	function formatRate(rowsPerSecond) {
		return (rowsPerSecond >= 100 ? Math.round(rowsPerSecond) : rowsPerSecond.toFixed(1)) + ' rows/s';
	}

	function formatSeconds(seconds) {
		if (seconds < 60) {
			return seconds + ' s';
		}
		const minutes = Math.floor(seconds / 60);
		if (minutes < 60) {
			return minutes + ' min ' + (seconds % 60) + ' s';
		}
		return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
	}

	async function onAction(event) {
		const target = event.target.closest('button[data-action]');
		if (!target) {
			return;
		}
		const id = Number(target.closest('tr').dataset.jobId);
		const action = target.dataset.action;
		if (action === 'details') {
			await openDetails(id);
			return;
		}
		target.disabled = true;
		try {
			const job = await api('POST', '/api/jobs/' + id + '/' + action);
			showMessage('');
			update(job);
			await refresh();
		}
		catch (e) {
			failed(e);
		}
		finally {
			target.disabled = false;
		}
	}

	// ---- details ----

	async function openDetails(id) {
		detailsJobId = id;
		try {
			await loadDetails(id);
			$('job-details-heading').focus();
		}
		catch (e) {
			failed(e);
		}
	}

	async function loadDetails(id) {
		const job = await api('GET', '/api/jobs/' + id);
		merge(job);
		if (detailsJobId === id) {
			showDetails(jobs.get(id));
		}
	}

	function closeDetails() {
		const id = detailsJobId;
		detailsJobId = null;
		$('job-details').hidden = true;
		const row = id !== null && document.querySelector('tr[data-job-id="' + id + '"] [data-action="details"]');
		if (row) {
			row.focus();
		}
	}

	function showDetails(job) {
		const section = $('job-details');
		section.dataset.jobId = job.id;
		$('job-details-heading').textContent = 'Job ' + job.id + ': ' + job.kind + ' of ' + job.table
				+ ' for client ' + job.client;
		const summary = $('job-details-summary');
		summary.replaceChildren();
		const entries = [
			['Status', job.status + (job.batchStatus ? ' (Spring Batch: ' + job.batchStatus + ')' : '')],
			['Reason', job.reason],
			['Stop requested', job.stopRequested],
			['Model', job.sourceModel ? job.sourceModel + ' → ' + job.targetModel : job.targetModel],
			['Vector type', job.vectorType],
			['Submitted', formatTime(job.submittedAt)],
			['Started', formatTime(job.startedAt)],
			['Ended', formatTime(job.endedAt)],
			['Execution', job.jobExecutionId],
		];
		for (const [term, value] of entries) {
			if (value === undefined || value === null || value === '') {
				continue;
			}
			const dt = document.createElement('dt');
			dt.textContent = term;
			const dd = document.createElement('dd');
			dd.textContent = String(value);
			summary.append(dt, dd);
		}
		fillTable($('job-steps'), job.steps || [], (step) => [step.name, step.status, step.read, step.written,
				step.skipped, step.commits, step.rollbacks]);
		const errors = $('job-errors');
		errors.replaceChildren();
		for (const error of (job.errors && job.errors.length ? job.errors : ['None.'])) {
			const item = document.createElement('li');
			item.textContent = error;
			errors.appendChild(item);
		}
		const deadLetters = job.deadLetters || [];
		const count = job.deadLetterCount || 0;
		$('job-dead-letter-count').textContent = count === 0 ? 'None.'
			: (count > deadLetters.length ? 'The first ' + deadLetters.length + ' of ' + count + ' rows.'
				: count + (count === 1 ? ' row.' : ' rows.'));
		fillTable($('job-dead-letters'), deadLetters, (letter) => [letter.recordId, letter.vectorType,
				letter.reason, letter.jobExecutionId, formatTime(letter.createdAt)]);
		$('job-dead-letters').hidden = deadLetters.length === 0;
		$('job-quality').hidden = !job.qualityReport;
		$('job-quality-report').textContent = job.qualityReport || '';
		section.hidden = false;
	}

	function fillTable(table, items, cells) {
		const body = table.tBodies[0];
		body.replaceChildren();
		for (const item of items) {
			const row = document.createElement('tr');
			for (const value of cells(item)) {
				const cell = document.createElement('td');
				cell.textContent = (value === undefined || value === null) ? '' : String(value);
				row.appendChild(cell);
			}
			body.appendChild(row);
		}
	}

	function formatTime(instant) {
		return instant ? new Date(instant).toLocaleString() : null;
	}

	// ---- the throughput chart ----

	function sample(id, rowsPerSecond) {
		let samples = rates.get(id);
		if (!samples) {
			samples = [];
			rates.set(id, samples);
		}
		samples.push({ at: Date.now(), rate: rowsPerSecond });
	}

	function drawChart() {
		const canvas = $('throughput');
		const scale = window.devicePixelRatio || 1;
		const width = canvas.clientWidth || canvas.width;
		const height = canvas.clientHeight || canvas.height;
		if (canvas.width !== Math.round(width * scale)) {
			canvas.width = Math.round(width * scale);
			canvas.height = Math.round(height * scale);
		}
		const context = canvas.getContext('2d');
		context.setTransform(scale, 0, 0, scale, 0, 0);
		context.clearRect(0, 0, width, height);

		const now = Date.now();
		const from = now - CHART_WINDOW_MILLIS;
		for (const [id, samples] of rates) {
			while (samples.length > 0 && samples[0].at < from) {
				samples.shift();
			}
			if (samples.length === 0) {
				rates.delete(id);
			}
		}
		let top = 0;
		for (const samples of rates.values()) {
			for (const point of samples) {
				top = Math.max(top, point.rate);
			}
		}
		top = niceCeiling(top);

		const left = 64;
		const right = 12;
		const upper = 12;
		const lower = 28;
		const plotWidth = width - left - right;
		const plotHeight = height - upper - lower;
		const x = (at) => left + plotWidth * (at - from) / CHART_WINDOW_MILLIS;
		const y = (rate) => upper + plotHeight * (1 - rate / top);

		context.font = '12px system-ui, sans-serif';
		context.fillStyle = '#374151';
		context.strokeStyle = '#d1d5db';
		context.lineWidth = 1;
		context.textAlign = 'right';
		context.textBaseline = 'middle';
		for (let i = 0; i <= 4; i++) {
			const rate = top * i / 4;
			context.beginPath();
			context.moveTo(left, Math.round(y(rate)) + 0.5);
			context.lineTo(width - right, Math.round(y(rate)) + 0.5);
			context.stroke();
			context.fillText(formatAxis(rate), left - 6, y(rate));
		}
		context.textAlign = 'center';
		context.textBaseline = 'top';
		for (let minutes = 5; minutes >= 0; minutes--) {
			const at = now - minutes * 60000;
			context.fillText(minutes === 0 ? 'now' : '−' + minutes + ' min', x(at), height - lower + 8);
		}
		context.save();
		context.translate(12, upper + plotHeight / 2);
		context.rotate(-Math.PI / 2);
		context.textBaseline = 'top';
		context.fillText('rows/s', 0, -6);
		context.restore();

		const legend = $('throughput-legend');
		legend.replaceChildren();
		let total = 0;
		for (const [id, samples] of [...rates].sort((a, b) => a[0] - b[0])) {
			const colour = COLOURS[id % COLOURS.length];
			context.strokeStyle = colour;
			context.lineWidth = 2;
			context.beginPath();
			samples.forEach((point, index) => {
				if (index === 0) {
					context.moveTo(x(point.at), y(point.rate));
				}
				else {
					context.lineTo(x(point.at), y(point.rate));
				}
			});
			context.stroke();
			const last = samples[samples.length - 1];
			const job = jobs.get(id);
			const running = job && job.status === 'RUNNING';
			if (running) {
				total += last.rate;
			}
			const item = document.createElement('li');
			const swatch = document.createElement('span');
			swatch.className = 'swatch';
			swatch.style.backgroundColor = colour;
			item.append(swatch, 'Job ' + id + ': ' + formatRate(last.rate) + (running ? '' : ' (last)'));
			legend.appendChild(item);
		}
		const runningCount = [...jobs.values()].filter((job) => job.status === 'RUNNING').length;
		$('throughput-total').textContent = runningCount === 0 ? 'No job running.'
			: runningCount + (runningCount === 1 ? ' job' : ' jobs') + ' running, ' + formatRate(total)
				+ ' in all (each job\'s rate since its run started).';
	}

	function niceCeiling(value) {
		if (value <= 0) {
			return 10;
		}
		const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
		for (const step of [1, 2, 2.5, 5, 10]) {
			if (value <= step * magnitude) {
				return step * magnitude;
			}
		}
		return 10 * magnitude;
	}

	function formatAxis(rate) {
		return rate >= 10 ? String(Math.round(rate)) : rate.toFixed(1);
	}

	// ---- start ----

	document.addEventListener('DOMContentLoaded', () => {
		$('token-form').addEventListener('submit', (event) => {
			event.preventDefault();
			const value = $('token').value.trim();
			if (value) {
				showMessage('');
				useToken(value);
			}
		});
		$('token-forget').addEventListener('click', forgetToken);
		$('job-details-close').addEventListener('click', closeDetails);
		for (const table of document.querySelectorAll('table.jobs')) {
			const header = table.tHead.insertRow();
			for (const column of JOB_COLUMNS) {
				const cell = document.createElement('th');
				cell.scope = 'col';
				cell.textContent = column;
				header.appendChild(cell);
			}
			table.addEventListener('click', onAction);
		}
		setInterval(drawChart, 1000);
		render();
		drawChart();
		const saved = sessionStorage.getItem(TOKEN_KEY);
		if (saved) {
			useToken(saved);
		}
	});
})();
