//! What a load run measured: latencies in an HDR histogram (microseconds), errors by kind, and
//! the report printed as text or JSON.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;

/// Measurements of one worker; merged at the end.
pub struct Stats {
    pub latency_us: Histogram<u64>,
    pub errors: BTreeMap<String, u64>,
}

impl Stats {
    pub fn new() -> Self {
        // 1 µs to 60 s at 3 significant digits: a few tens of kilobytes per worker.
        let latency_us = Histogram::new_with_bounds(1, 60_000_000, 3)
            .expect("constant histogram bounds are valid");
        Stats {
            latency_us,
            errors: BTreeMap::new(),
        }
    }

    pub fn record(&mut self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros())
            .unwrap_or(u64::MAX)
            .max(1);
        // Values beyond the bounds are clamped rather than lost.
        self.latency_us.saturating_record(micros);
    }

    pub fn error(&mut self, kind: impl Into<String>) {
        *self.errors.entry(kind.into()).or_default() += 1;
    }

    pub fn merge(&mut self, other: Stats) {
        let _ = self.latency_us.add(&other.latency_us);
        for (kind, count) in other.errors {
            *self.errors.entry(kind).or_default() += count;
        }
    }
}

impl Default for Stats {
    fn default() -> Self {
        Stats::new()
    }
}

/// The summary of a run.
#[derive(Default)]
pub struct Report {
    pub label: String,
    pub ops: u64,
    pub elapsed: Duration,
    pub stats: Stats,
    /// CPU time per operation of the process that ran the load (the load generator, or the raw
    /// baseline's threads), in microseconds, when it could be read.
    pub cpu_us: Option<f64>,
    /// CPU time per operation of the server (`--server-pid`), in microseconds.
    pub server_cpu_us: Option<f64>,
    /// For the raw baseline: the cores the server (`--server-pid`) kept busy meanwhile. A
    /// baseline shares the machine with the server, and should find it idle.
    pub server_busy_cores: Option<f64>,
}

impl Report {
    pub fn ops_per_sec(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn quantile_ms(&self, q: f64) -> f64 {
        self.stats.latency_us.value_at_quantile(q) as f64 / 1000.0
    }

    pub fn text(&self) -> String {
        let errors: Vec<String> = self
            .stats
            .errors
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut cpu = String::new();
        if let Some(us) = self.cpu_us {
            cpu.push_str(&format!("  cpu/op: this process {us:.1} µs"));
        }
        if let Some(us) = self.server_cpu_us {
            cpu.push_str(&format!(", server {us:.1} µs"));
        }
        if let Some(cores) = self.server_busy_cores {
            cpu.push_str(&format!(", server busy meanwhile {cores:.2} cores"));
        }
        format!(
            "{:<28} {:>10.0} ops/s  p50 {:>7.3} ms  p90 {:>7.3} ms  p99 {:>7.3} ms  p99.9 {:>7.3} ms  max {:>8.3} ms  errors: {}{cpu}",
            self.label,
            self.ops_per_sec(),
            self.quantile_ms(0.5),
            self.quantile_ms(0.9),
            self.quantile_ms(0.99),
            self.quantile_ms(0.999),
            self.stats.latency_us.max() as f64 / 1000.0,
            if errors.is_empty() { "none".to_owned() } else { errors.join(" ") }
        )
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "label": self.label,
            "ops": self.ops,
            "seconds": self.elapsed.as_secs_f64(),
            "ops_per_sec": self.ops_per_sec(),
            "latency_ms": {
                "p50": self.quantile_ms(0.5),
                "p90": self.quantile_ms(0.9),
                "p99": self.quantile_ms(0.99),
                "p99_9": self.quantile_ms(0.999),
                "max": self.stats.latency_us.max() as f64 / 1000.0,
            },
            "errors": self.stats.errors,
            "cpu_us_per_op": self.cpu_us,
            "server_cpu_us_per_op": self.server_cpu_us,
            "server_busy_cores": self.server_busy_cores,
        })
    }
}

/// The fastest of several runs of one measurement, and the rates of them all: both the raw
/// baseline (`--raw-trials`) and the measured run (`--trials`) count their best run.
#[derive(Default)]
pub struct BestOf {
    best: Option<Report>,
    rates: Vec<String>,
}

impl BestOf {
    pub fn add(&mut self, report: Report) {
        self.rates.push(format!("{:.0}", report.ops_per_sec()));
        if self
            .best
            .as_ref()
            .is_none_or(|b| report.ops_per_sec() > b.ops_per_sec())
        {
            self.best = Some(report);
        }
    }

    /// The fastest run and what its label should end with: " best of N: a, b, c ops/s" when
    /// there were several runs, nothing for one.
    pub fn finish(self) -> Option<(Report, String)> {
        let suffix = if self.rates.len() > 1 {
            format!(
                " best of {}: {} ops/s",
                self.rates.len(),
                self.rates.join(", ")
            )
        } else {
            String::new()
        };
        self.best.map(|best| (best, suffix))
    }
}
