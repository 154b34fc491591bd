package org.autoglm.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a {@link StudyReport} as one self-contained HTML file: opens from disk with no network
 * and no server. The charts are drawn by ECharts (its script inlined, SVG renderer) from the
 * report's data, embedded as JSON; tables are plain HTML, so the numbers read without JavaScript
 * too. Every string from data or configuration is escaped. The page records on {@code <body>} how
 * many charts it has and drew ({@code data-charts}, {@code data-charts-drawn}) and any script error
 * ({@code data-errors}), for a headless browser to check.
 */
public final class ReportHtml {
  public static final String ECHARTS =
      "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
  private static final int TOP_ROWS = 10;

  private ReportHtml() {}

  /** The page; {@code refreshSeconds} > 0 makes a live report reload itself. */
  public static String render(StudyReport report, int refreshSeconds) {
    StudyReport.RunInfo run = report.run();
    StringBuilder html = new StringBuilder(1 << 21);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    if (report.live() && refreshSeconds > 0) {
      html.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">\n");
    }
    html.append("<title>")
        .append(escape("autoglm " + run.study() + " " + run.runId()))
        .append("</title>\n<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body data-errors=\"0\">\n");
    header(html, report, refreshSeconds);
    if (!report.live()) {
      html.append("<h2>The study's model</h2>\n");
      studyModel(html, report);
      sideBySide(html, report);
    }
    html.append("<h2>Best trials</h2>\n");
    topTrials(html, report);
    section(html, "Optimisation history", "history", "wide");
    section(html, "Accuracy against training time", "pareto", "wide");
    html.append("<h2>Parameters</h2>\n<div class=\"grid\">");
    html.append("<div><h3>Importance</h3><div class=\"chart\" id=\"importance\"></div></div>");
    html.append("<div><h3>Trial status</h3><div class=\"chart\" id=\"status\"></div></div>");
    List<String> names = parameterNames(report);
    for (int i = 0; i < names.size(); i++) {
      html.append("<div><h3>")
          .append(escape(names.get(i)))
          .append("</h3><div class=\"chart\" id=\"param-")
          .append(i)
          .append("\"></div></div>");
    }
    html.append("</div>\n");
    if (!names.isEmpty()) {
      section(html, "Parallel coordinates", "parallel", "wide tall");
    }
    if (!report.curves().isEmpty()) {
      html.append("<h2>Learning curves of the best trials</h2>\n<div class=\"grid\">")
          .append(
              "<div><h3>Validation score</h3><div class=\"chart\" id=\"curve-score\"></div></div>")
          .append("<div><h3>Loss (train solid, validation dashed)</h3>")
          .append("<div class=\"chart\" id=\"curve-loss\"></div></div></div>\n");
    }
    html.append("<h2>Data quality</h2>\n");
    quality(html, report);
    if (!report.comparison().isEmpty()) {
      html.append("<h2>Against the study's other runs</h2>\n");
      comparison(html, report);
    }
    html.append("<script type=\"application/json\" id=\"report-data\">")
        .append(Json.write(data(report, names)))
        .append("</script>\n<script>")
        .append(echarts())
        .append("</script>\n<script>")
        .append(SCRIPT)
        .append("</script>\n</body></html>\n");
    return html.toString();
  }

  private static void header(StringBuilder html, StudyReport report, int refreshSeconds) {
    StudyReport.RunInfo run = report.run();
    Map<String, Integer> counts = new TreeMap<>();
    report.trials().forEach(t -> counts.merge(t.status(), 1, Integer::sum));
    html.append("<h1>")
        .append(escape(run.study()))
        .append(" <span class=\"status ")
        .append(escape(run.status().toLowerCase(Locale.ROOT)))
        .append("\">")
        .append(escape(run.status()))
        .append("</span></h1>\n");
    if (report.live() && refreshSeconds > 0) {
      html.append("<p class=\"live\">Live: this page reloads every ")
          .append(refreshSeconds)
          .append(" s while the run trains.</p>\n");
    }
    html.append("<table class=\"facts\">");
    fact(html, "run", run.runId());
    fact(html, "run date", run.runDate());
    fact(html, "started", run.startedAt());
    fact(html, "ended", run.endedAt());
    fact(
        html, "objective", report.objective() + (report.multiObjective() ? ", train_seconds" : ""));
    fact(html, "trials", report.trials().size() + " " + counts);
    fact(html, "config hash", run.configHash());
    fact(html, "code version", run.codeVersion());
    fact(html, "data fingerprint", run.dataFingerprint());
    html.append("</table>\n");
  }

  private static void fact(StringBuilder html, String name, String value) {
    html.append("<tr><th>")
        .append(escape(name))
        .append("</th><td>")
        .append(escape(value == null ? "-" : value))
        .append("</td></tr>");
  }

  private static void section(StringBuilder html, String title, String id, String size) {
    html.append("<h2>")
        .append(escape(title))
        .append("</h2>\n<div class=\"chart ")
        .append(size)
        .append("\" id=\"")
        .append(id)
        .append("\"></div>\n");
  }

  private static void topTrials(StringBuilder html, StudyReport report) {
    List<StudyReport.TrialRow> best =
        StudyReport.ranked(report.trials()).stream().limit(TOP_ROWS).toList();
    if (best.isEmpty()) {
      html.append("<p>No trial has completed yet.</p>\n");
      return;
    }
    html.append("<table><tr><th>trial</th><th>")
        .append(escape(report.objective()))
        .append("</th><th>test</th><th>epochs</th><th>seconds</th><th>parameters</th></tr>");
    for (StudyReport.TrialRow t : best) {
      html.append("<tr><td>")
          .append(t.trialId())
          .append("</td><td>")
          .append(number(t.valScore()))
          .append("</td><td>")
          .append(number(t.testScore()))
          .append("</td><td>")
          .append(t.epochs())
          .append("</td><td>")
          .append(number(t.trainSeconds()))
          .append("</td><td class=\"params\">")
          .append(escape(readable(t.params())))
          .append("</td></tr>");
    }
    html.append("</table>\n");
  }

  /** The study's model beside its distilled student and the graph-free baseline. */
  private static void sideBySide(StringBuilder html, StudyReport report) {
    if (report.sideBySide().isEmpty()) {
      return;
    }
    html.append("<h3>Teacher, distilled student and graph-free baseline</h3>")
        .append("<table><tr><th>model</th><th>what it is</th><th>")
        .append(escape(report.objective()))
        .append("</th><th>test</th><th>test accuracy</th><th>seconds per 1M nodes</th></tr>");
    for (StudyReport.ModelCost m : report.sideBySide()) {
      html.append("<tr><td>")
          .append(escape(m.model()))
          .append("</td><td>")
          .append(escape(m.description()))
          .append("</td><td>")
          .append(number(m.valScore()))
          .append("</td><td>")
          .append(number(m.testScore()))
          .append("</td><td>")
          .append(number(m.testAccuracy()))
          .append("</td><td>")
          .append(
              m.secondsPerMillion() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", m.secondsPerMillion()))
          .append("</td></tr>");
    }
    html.append("</table>\n");
  }

  /**
   * What the study chose as its model: each soft vote it scored (the chosen configuration's seeds,
   * the best configurations' ensemble), the chosen one marked, and the re-evaluated configurations
   * the choice was made from; without either, its best trial.
   */
  private static void studyModel(StringBuilder html, StudyReport report) {
    if (report.votes().isEmpty()) {
      List<StudyReport.TrialRow> ranked = StudyReport.ranked(report.trials());
      html.append(
          ranked.isEmpty()
              ? "<p>No trial completed: the study has no model.</p>\n"
              : "<p>Trial "
                  + ranked.get(0).trialId()
                  + ", the best by validation (nothing re-evaluated, no ensemble).</p>\n");
    } else {
      html.append("<table><tr><th>model</th><th>runs (trial ids)</th><th>")
          .append(escape(report.objective()))
          .append("</th><th>test</th><th>test accuracy</th></tr>");
      for (StudyReport.Vote v : report.votes()) {
        String what =
            v.configurations() == 1
                ? "trial " + v.members().get(0) + ", " + v.members().size() + " seeds soft-voted"
                : "ensemble of " + v.configurations() + " configurations, soft-voted";
        html.append(v.chosen() ? "<tr class=\"reference\"><td>" : "<tr><td>")
            .append(escape(what))
            .append(v.chosen() ? " (chosen)" : "")
            .append("</td><td>")
            .append(escape(v.members().toString()))
            .append("</td><td>")
            .append(number(v.valScore()))
            .append("</td><td>")
            .append(number(v.testScore()))
            .append("</td><td>")
            .append(number(v.testAccuracy()))
            .append("</td></tr>");
      }
      html.append("</table>\n");
    }
    if (report.reevaluated().isEmpty()) {
      return;
    }
    html.append("<h3>Re-evaluated configurations (mean ± standard deviation over seeds)</h3>")
        .append("<table><tr><th>trial</th><th>runs</th><th>")
        .append(escape(report.objective()))
        .append("</th><th>test accuracy</th><th>parameters</th></tr>");
    for (StudyReport.Reevaluation r : report.reevaluated()) {
      html.append("<tr><td>")
          .append(r.trialId())
          .append("</td><td>")
          .append(r.runs())
          .append("</td><td>")
          .append(number(r.meanVal()))
          .append(" ± ")
          .append(number(r.stdVal()))
          .append("</td><td>")
          .append(number(r.meanTest()))
          .append(" ± ")
          .append(number(r.stdTest()))
          .append("</td><td class=\"params\">")
          .append(escape(readable(r.params())))
          .append("</td></tr>");
    }
    html.append("</table>\n");
  }

  private static void quality(StringBuilder html, StudyReport report) {
    if (report.quality().isEmpty()) {
      html.append("<p>No data-quality books for this run.</p>\n");
    } else {
      html.append(
          "<table><tr><th>stage</th><th>table</th><th>rule</th><th>rows in</th><th>kept</th>"
              + "<th>quarantined</th></tr>");
      for (StudyReport.QualityRow q : report.quality()) {
        html.append("<tr><td>")
            .append(escape(q.stage()))
            .append("</td><td>")
            .append(escape(q.table()))
            .append("</td><td>")
            .append(escape(q.rule()))
            .append("</td><td>")
            .append(q.rowsIn())
            .append("</td><td>")
            .append(q.kept())
            .append("</td><td>")
            .append(q.quarantined())
            .append("</td></tr>");
      }
      html.append("</table>\n");
    }
    if (report.quarantine().isEmpty()) {
      html.append("<p>Nothing was quarantined.</p>\n");
    } else {
      html.append("<h3>Quarantined rows by rule</h3><div class=\"chart wide\" id=\"quarantine\">");
      html.append("</div>\n");
    }
  }

  private static void comparison(StringBuilder html, StudyReport report) {
    html.append(
        "<p>Z: this run's difference from each other run over its standard error (positive: the"
            + " other run is higher); p: two-sided Mann-Whitney test of the values.</p>"
            + "<table><tr><th>run</th><th>metric</th><th>n</th><th>mean</th><th>spread</th>"
            + "<th>Z</th><th>p</th></tr>");
    for (RunComparison.Row r : report.comparison()) {
      html.append(r.reference() ? "<tr class=\"reference\"><td>" : "<tr><td>")
          .append(escape(r.runId()))
          .append(r.reference() ? " (this run)" : "")
          .append("</td><td>")
          .append(escape(r.metric()))
          .append("</td><td>")
          .append(r.n())
          .append("</td><td>")
          .append(number(r.mean()))
          .append("</td><td>")
          .append(number(r.spread()))
          .append("</td><td>")
          .append(number(r.z()))
          .append("</td><td>")
          .append(number(r.pValue()))
          .append("</td></tr>");
    }
    html.append("</table>\n");
  }

  /** Parameters in importance order, then the rest by name. */
  private static List<String> parameterNames(StudyReport report) {
    List<String> names = new ArrayList<>();
    report.importance().forEach(s -> names.add(s.parameter()));
    TreeSet<String> all = new TreeSet<>();
    report.trials().forEach(t -> all.addAll(t.params().keySet()));
    all.stream().filter(n -> !names.contains(n)).forEach(names::add);
    return names;
  }

  private static Map<String, Object> data(StudyReport report, List<String> names) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("objective", report.objective());
    data.put("parameters", names);
    data.put("logScaled", List.copyOf(report.logScaled()));
    List<Object> trials = new ArrayList<>();
    for (StudyReport.TrialRow t : report.trials()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", t.trialId());
      row.put("seq", t.sequence());
      row.put("status", t.status());
      row.put("val", t.valScore());
      row.put("test", t.testScore());
      row.put("seconds", t.trainSeconds());
      List<String> values = new ArrayList<>();
      names.forEach(n -> values.add(t.params().get(n)));
      row.put("params", values);
      trials.add(row);
    }
    data.put("trials", trials);
    List<Object> importance = new ArrayList<>();
    report.importance().forEach(s -> importance.add(List.of(s.parameter(), s.importance())));
    data.put("importance", importance);
    List<Object> curves = new ArrayList<>();
    for (StudyReport.Curve c : report.curves()) {
      Map<String, Object> curve = new LinkedHashMap<>();
      curve.put("id", c.trialId());
      curve.put("epochs", c.epochs());
      curve.put("trainLoss", c.trainLoss());
      curve.put("valLoss", c.valLoss());
      curve.put("valScore", c.valScore());
      curves.add(curve);
    }
    data.put("curves", curves);
    List<Object> quarantine = new ArrayList<>();
    report
        .quarantine()
        .forEach(
            q ->
                quarantine.add(
                    List.of(q.stage() + " / " + q.table() + " / " + q.rule(), q.rows())));
    data.put("quarantine", quarantine);
    return data;
  }

  /** Parameters by name, real numbers to 4 significant digits. */
  public static String readable(Map<String, String> params) {
    Map<String, String> shown = new TreeMap<>();
    params.forEach(
        (name, value) -> {
          boolean real = value.contains(".") || value.contains("E");
          try {
            shown.put(name, real ? number(Double.parseDouble(value)) : value);
          } catch (NumberFormatException e) {
            shown.put(name, value);
          }
        });
    return shown.toString();
  }

  private static String number(Double value) {
    return value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, "%.4g", value);
  }

  /** Text for HTML content and attribute values. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String echarts() {
    try (InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(ECHARTS)) {
      if (in == null) {
        throw new IllegalStateException(
            "ECharts is missing from the classpath (" + ECHARTS + "): the build packs it");
      }
      // No "</script" may appear inside the inlined script element.
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("</script", "<\\/script");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ECHARTS, e);
    }
  }

  private static final String STYLE =
      """
      body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;
        max-width:1200px;color:#1d2433;padding:0 16px}
      h1{font-size:1.6em;margin-bottom:4px}h2{margin-top:32px;border-bottom:1px solid #dde;
        padding-bottom:4px;font-size:1.2em}h3{font-size:.95em;margin:8px 0 0;font-weight:600}
      table{border-collapse:collapse;font-size:.85em;margin:8px 0}
      td,th{border:1px solid #dde;padding:3px 8px;text-align:left;vertical-align:top}
      th{background:#f4f6fa}.facts th{width:140px}.params{font-family:monospace;font-size:.9em}
      .chart{height:260px;width:100%}.chart.wide{height:320px}.chart.tall{height:420px}
      .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:12px}
      .status{font-size:.6em;padding:2px 8px;border-radius:4px;vertical-align:middle;
        background:#dde}.status.completed{background:#c8efd0}.status.running{background:#fff1b8}
      .status.failed,.status.aborted{background:#f8c9c9}.live{color:#8a6d00}
      tr.reference{font-weight:600}
      """;

  private static final String SCRIPT =
      """
      (function () {
        var body = document.body;
        var errors = [];
        function fail(message) {
          errors.push(String(message));
          body.setAttribute('data-errors', String(errors.length));
          body.setAttribute('data-error-text', errors.join(' | '));
        }
        window.addEventListener('error', function (e) { fail(e.message); });
        var charts = [];
        function chart(id, option) {
          var el = document.getElementById(id);
          if (!el) { return; }
          try {
            var c = echarts.init(el, null, {renderer: 'svg'});
            option.animation = false;
            c.setOption(option);
            charts.push(c);
          } catch (e) { fail(id + ': ' + e.message); }
        }
        var data = JSON.parse(document.getElementById('report-data').textContent);
        var scored = data.trials.filter(function (t) { return t.val !== null; });
        var statuses = {};
        data.trials.forEach(function (t) { statuses[t.status] = (statuses[t.status] || 0) + 1; });
        var grid = {left: 60, right: 20, top: 30, bottom: 40};
        var tip = {trigger: 'item'};
        function label(t) {
          var parts = ['trial ' + t.id, data.objective + ' ' + t.val];
          data.parameters.forEach(function (p, i) {
            if (t.params[i] !== null) { parts.push(p + '=' + t.params[i]); }
          });
          return parts.join('<br>');
        }
        function points(rows, x, y) {
          return rows.map(function (t) { return {value: [x(t), y(t)], trial: t}; });
        }
        var byStatus = {};
        scored.forEach(function (t) { (byStatus[t.status] = byStatus[t.status] || []).push(t); });
        var best = -Infinity;
        var bestLine = [];
        scored.slice().sort(function (a, b) { return a.seq - b.seq; }).forEach(function (t) {
          if (t.status === 'COMPLETE' && t.val > best) { best = t.val; }
          if (best > -Infinity) { bestLine.push([t.seq, best]); }
        });
        var historySeries = Object.keys(byStatus).map(function (s) {
          return {name: s, type: 'scatter', symbolSize: 6,
            data: points(byStatus[s], function (t) { return t.seq; }, function (t) { return t.val; })};
        });
        historySeries.push({name: 'best so far', type: 'line', step: 'end', showSymbol: false,
          data: bestLine});
        var tooltip = {trigger: 'item', formatter: function (p) {
          return p.data && p.data.trial ? label(p.data.trial) : p.seriesName; }};
        chart('history', {grid: grid, tooltip: tooltip, legend: {top: 0},
          xAxis: {type: 'value', name: 'told', nameLocation: 'middle', nameGap: 25},
          yAxis: {type: 'value', name: data.objective, scale: true}, series: historySeries});

        var complete = scored.filter(function (t) { return t.status === 'COMPLETE'; });
        var front = [];
        var top = -Infinity;
        complete.slice().sort(function (a, b) { return a.seconds - b.seconds || b.val - a.val; })
          .forEach(function (t) { if (t.val > top) { top = t.val; front.push(t); } });
        chart('pareto', {grid: grid, tooltip: tooltip, legend: {top: 0},
          xAxis: {type: 'value', name: 'train seconds', nameLocation: 'middle', nameGap: 25},
          yAxis: {type: 'value', name: data.objective, scale: true},
          series: [{name: 'complete trials', type: 'scatter', symbolSize: 6,
              data: points(complete, function (t) { return t.seconds; }, function (t) { return t.val; })},
            {name: 'Pareto front', type: 'line', step: 'end', symbolSize: 8,
              data: points(front, function (t) { return t.seconds; }, function (t) { return t.val; })}]});

        chart('importance', {grid: {left: 110, right: 20, top: 10, bottom: 30}, tooltip: tip,
          xAxis: {type: 'value', max: 1}, yAxis: {type: 'category', inverse: true,
            data: data.importance.map(function (s) { return s[0]; })},
          series: [{type: 'bar', data: data.importance.map(function (s) { return s[1]; })}]});
        chart('status', {grid: grid, tooltip: tip,
          xAxis: {type: 'category', data: Object.keys(statuses)}, yAxis: {type: 'value'},
          series: [{type: 'bar', data: Object.keys(statuses).map(function (s) { return statuses[s]; })}]});

        function numeric(i) {
          return scored.every(function (t) { return t.params[i] === null || !isNaN(Number(t.params[i])); });
        }
        function wide(i) {
          return data.logScaled.indexOf(data.parameters[i]) >= 0;
        }
        function categories(i) {
          var seen = {};
          scored.forEach(function (t) { seen[String(t.params[i])] = true; });
          return Object.keys(seen).sort();
        }
        data.parameters.forEach(function (name, i) {
          var isNumber = numeric(i);
          var rows = scored.filter(function (t) { return t.params[i] !== null; });
          chart('param-' + i, {grid: grid, tooltip: tooltip,
            xAxis: isNumber ? {type: wide(i) ? 'log' : 'value', scale: true}
                            : {type: 'category', data: categories(i)},
            yAxis: {type: 'value', scale: true},
            series: [{type: 'scatter', symbolSize: 5, data: points(rows,
              function (t) { return isNumber ? Number(t.params[i]) : String(t.params[i]); },
              function (t) { return t.val; })}]});
        });

        var axes = data.parameters.map(function (name, i) {
          return numeric(i) ? {dim: i, name: name, type: wide(i) ? 'log' : 'value', scale: true}
                            : {dim: i, name: name, type: 'category', data: categories(i).concat(['-'])};
        });
        var n = data.parameters.length;
        axes.push({dim: n, name: data.objective, type: 'value', scale: true});
        var lo = Math.min.apply(null, complete.map(function (t) { return t.val; }).concat([0]));
        var hi = Math.max.apply(null, complete.map(function (t) { return t.val; }).concat([1]));
        chart('parallel', {parallel: {left: 60, right: 90, top: 40, bottom: 30},
          parallelAxis: axes,
          visualMap: {min: lo, max: hi, dimension: n, right: 0, top: 'center', calculable: true,
            inRange: {color: ['#d7e3f4', '#1f5fbf']}},
          series: [{type: 'parallel', lineStyle: {width: 1, opacity: 0.6},
            data: complete.map(function (t) {
              return t.params.map(function (v, i) {
                return v === null ? (axes[i].type === 'category' ? '-' : null)
                                  : (axes[i].type === 'category' ? String(v) : Number(v));
              }).concat([t.val]);
            })}]});

        var curveScore = [];
        var curveLoss = [];
        data.curves.forEach(function (c) {
          var pairs = function (ys) { return c.epochs.map(function (e, k) { return [e, ys[k]]; }); };
          curveScore.push({name: 'trial ' + c.id, type: 'line', showSymbol: false, data: pairs(c.valScore)});
          curveLoss.push({name: 'trial ' + c.id, type: 'line', showSymbol: false, data: pairs(c.trainLoss)});
          curveLoss.push({name: 'trial ' + c.id, type: 'line', showSymbol: false,
            lineStyle: {type: 'dashed'}, data: pairs(c.valLoss)});
        });
        var curveAxes = {xAxis: {type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 25},
          yAxis: {type: 'value', scale: true}};
        chart('curve-score', Object.assign({grid: grid, tooltip: {trigger: 'axis'}, legend: {top: 0},
          series: curveScore}, curveAxes));
        chart('curve-loss', Object.assign({grid: grid, tooltip: {trigger: 'axis'}, legend: {top: 0},
          series: curveLoss}, curveAxes));

        chart('quarantine', {grid: {left: 260, right: 20, top: 10, bottom: 30}, tooltip: tip,
          xAxis: {type: 'value'}, yAxis: {type: 'category', inverse: true,
            data: data.quarantine.map(function (q) { return q[0]; })},
          series: [{type: 'bar', data: data.quarantine.map(function (q) { return q[1]; })}]});

        window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
        var divs = Array.prototype.slice.call(document.querySelectorAll('.chart'));
        body.setAttribute('data-charts', String(divs.length));
        body.setAttribute('data-charts-drawn', String(divs.filter(function (d) {
          return d.querySelector('svg path, svg text') !== null; }).length));
      })();
      """;
}
