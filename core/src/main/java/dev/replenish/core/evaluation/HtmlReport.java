package dev.replenish.core.evaluation;

import dev.replenish.core.evaluation.EvaluationMetrics.BaselineScores;
import dev.replenish.core.evaluation.EvaluationReport.BasketSizeGroup;
import dev.replenish.core.evaluation.EvaluationReport.CalibrationBin;
import dev.replenish.core.evaluation.EvaluationReport.FeatureGain;
import dev.replenish.core.evaluation.EvaluationReport.PrecisionRecallPoint;
import dev.replenish.core.missions.ShoppingMissions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * index.html of an evaluation: one self-contained page (inline SVG and CSS, no script, nothing
 * fetched), so it opens from disk, from S3 or from an e-mail attachment, with no internet.
 */
public final class HtmlReport {

    /** The file name under {@code reports/<run>/}. */
    public static final String FILE_NAME = "index.html";

    /** Features drawn in the importance chart; the rest are listed by count only. */
    static final int FEATURES_DRAWN = 25;

    private static final String MODEL_COLOUR = "#1b6ca8";
    private static final String[] BASELINE_COLOURS = {"#e07b39", "#7a9e3a", "#b0b0b0", "#9b59b6", "#c0392b"};

    private static final int WIDTH = 540;
    private static final int HEIGHT = 360;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;

    private HtmlReport() {
    }

    /** A report of a run whose join wrote no missions (one joined before they existed). */
    public static String render(EvaluationReport report) {
        return render(report, null);
    }

    /**
     * @param missions the run's shopping missions ({@code training/<run>/missions/missions.json}), or
     *                 null when the run has none: the section then says so
     */
    public static String render(EvaluationReport report, ShoppingMissions missions) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Replenish evaluation: ")
                .append(escape(report.runId())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#222;max-width:1150px}")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}tr.model td{font-weight:600;background:#eef4fa}")
                .append(".grid{display:flex;flex-wrap:wrap;gap:20px 40px}.note{color:#666;font-size:12px;max-width:1100px}")
                .append("svg text{font-size:11px;fill:#333}\n</style></head><body>\n");
        html.append("<h1>Evaluation of run ").append(escape(report.runId())).append("</h1>\n");
        summary(html, report);
        baselineTable(html, report.metrics());
        html.append("<div class=\"grid\">\n");
        figure(html, "Feature importance (gain)", featureImportance(report.featureImportance()));
        figure(html, "Precision-recall curve, every candidate", precisionRecall(report.precisionRecall()));
        figure(html, "Calibration: predicted vs observed re-order rate", calibration(report.calibration()));
        figure(html, "Mean F1 by size of the true re-ordered basket", f1ByBasketSize(report.f1ByBasketSize()));
        html.append("</div>\n");
        missions(html, missions);
        html.append("<p class=\"note\">F1 is scored per order as Kaggle scored Instacart: the truth is the set of re-ordered ")
                .append("products, or \"None\" when there is none; an empty prediction means \"None\". The model's basket ")
                .append("maximises expected F1 under its probabilities. Top-k baselines use k = the user's mean number of ")
                .append("re-ordered products per prior order (after the first), rounded. Ranking metrics (Li et al., TOIS 2023) ")
                .append("are averaged over orders with at least one re-order.</p>\n");
        html.append("</body></html>\n");
        return html.toString();
    }

    private static void summary(StringBuilder html, EvaluationReport report) {
        EvaluationReport.Summary s = report.summary();
        html.append("<p>").append(String.format(Locale.ROOT,
                "%,d validation orders, %,d candidates (%.1f%% re-ordered); %,d orders (%.1f%%) re-order nothing. "
                        + "Mean true re-ordered basket %.2f products; the model's chosen basket %.2f, \"None\" for %,d orders.",
                s.orders(), s.candidates(), 100 * s.positiveShare(), s.noneOrders(), 100.0 * s.noneOrders() / s.orders(),
                s.meanTruthSize(), s.meanModelBasket(), s.modelChoseNone())).append("</p>\n");
    }

    private static void baselineTable(StringBuilder html, EvaluationMetrics metrics) {
        html.append("<h2>Model and baselines</h2>\n<table>\n<tr><th></th><th>mean F1</th><th>AUC</th><th>log-loss</th>")
                .append("<th>Recall@10</th><th>Recall@20</th><th>NDCG@10</th><th>NDCG@20</th><th>PHR@10</th><th>PHR@20</th></tr>\n");
        EvaluationMetrics.ModelScores model = metrics.model();
        html.append("<tr class=\"model\"><td>Model (expected-F1 basket)</td>").append(cell(model.meanF1()))
                .append(cell(model.auc())).append(cell(model.logloss()));
        rankingCells(html, model.ranking());
        html.append("</tr>\n");
        for (Baseline baseline : Baseline.values()) {
            BaselineScores scores = metrics.baselines().get(baseline);
            html.append("<tr><td>").append(escape(baseline.title())).append("</td>").append(cell(scores.meanF1()))
                    .append("<td></td><td></td>");
            if (scores.ranking() != null) {
                rankingCells(html, scores.ranking());
            } else {
                html.append("<td></td>".repeat(6));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** The "Missions" section: what trips the customers' orders were for, a table and a chart of their shares. */
    private static void missions(StringBuilder html, ShoppingMissions missions) {
        html.append("<h2 id=\"missions\">Missions</h2>\n");
        if (missions == null || missions.missions().isEmpty()) {
            html.append("<p>This run has no shopping missions: its join step ran before they were found. Run the join again.</p>\n");
            return;
        }
        html.append("<p>").append(String.format(Locale.ROOT,
                "%d shopping missions, topics of prior orders found by LDA over each order's %ss (fitted on %,d orders, "
                        + "log-perplexity %.3f on held-out orders; every one of %,d prior orders is given its mixture). "
                        + "A mission's share is the mean of the orders' mixtures; its name is made from its top aisles.",
                missions.missions().size(), missions.words(), missions.fittedOrders(), missions.logPerplexity(),
                missions.scoredOrders())).append("</p>\n");
        html.append("<div class=\"grid\">\n<table>\n<tr><th>mission</th><th>share of orders</th><th>top aisles</th><th>top products</th></tr>\n");
        for (ShoppingMissions.Mission mission : missions.missions()) {
            html.append("<tr><td>").append(mission.id()).append(". ").append(escape(mission.name())).append("</td>")
                    .append("<td>").append(format(100 * mission.orderShare(), 1)).append("%</td>")
                    .append("<td style=\"text-align:left\">").append(weighted(mission.topAisles())).append("</td>")
                    .append("<td style=\"text-align:left\">").append(weighted(mission.topProducts())).append("</td></tr>\n");
        }
        html.append("</table>\n");
        figure(html, "Share of orders by mission", missionShares(missions.missions()));
        html.append("</div>\n");
    }

    private static String weighted(List<ShoppingMissions.Weighted> items) {
        List<String> parts = new ArrayList<>();
        for (ShoppingMissions.Weighted item : items) {
            parts.add(escape(item.name()) + " <span class=\"note\">" + format(100 * item.weight(), 1) + "%</span>");
        }
        return String.join(", ", parts);
    }

    private static String missionShares(List<ShoppingMissions.Mission> missions) {
        int rowHeight = 18;
        int labelWidth = 220;
        int height = TOP + rowHeight * missions.size() + 10;
        double max = missions.stream().mapToDouble(ShoppingMissions.Mission::orderShare).max().orElse(1.0);
        StringBuilder svg = open(WIDTH, height);
        int barSpace = WIDTH - labelWidth - 60;
        for (int i = 0; i < missions.size(); i++) {
            ShoppingMissions.Mission mission = missions.get(i);
            double y = TOP + i * rowHeight;
            double width = max > 0 ? barSpace * mission.orderShare() / max : 0;
            String label = mission.id() + ". " + mission.name();
            svg.append(text(labelWidth - 6, y + 12, "end", label.length() <= 34 ? label : label.substring(0, 33) + "…"));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                    labelWidth, y + 2, width, rowHeight - 4, MODEL_COLOUR));
            svg.append(text(labelWidth + width + 4, y + 12, "start", format(100 * mission.orderShare(), 1) + "%"));
        }
        return svg.append("</svg>").toString();
    }

    private static void rankingCells(StringBuilder html, RankingScores r) {
        html.append(cell(r.recallAt10())).append(cell(r.recallAt20())).append(cell(r.ndcgAt10()))
                .append(cell(r.ndcgAt20())).append(cell(r.phrAt10())).append(cell(r.phrAt20()));
    }

    private static String cell(double value) {
        return "<td>" + (Double.isNaN(value) ? "n/a" : format(value, 4)) + "</td>";
    }

    private static void figure(StringBuilder html, String title, String svg) {
        html.append("<figure style=\"margin:0\"><h2>").append(escape(title)).append("</h2>\n").append(svg).append("</figure>\n");
    }

    private static String featureImportance(List<FeatureGain> importance) {
        List<FeatureGain> drawn = importance.subList(0, Math.min(FEATURES_DRAWN, importance.size()));
        int rowHeight = 16;
        // Feature names run to ~50 characters (user_product_order_share_since_first_purchase).
        int labelWidth = 300;
        int height = TOP + rowHeight * Math.max(1, drawn.size()) + 30;
        double max = drawn.stream().mapToDouble(FeatureGain::gain).max().orElse(1.0);
        StringBuilder svg = open(WIDTH, height);
        int barSpace = WIDTH - labelWidth - 50;
        for (int i = 0; i < drawn.size(); i++) {
            FeatureGain feature = drawn.get(i);
            double y = TOP + i * rowHeight;
            double width = max > 0 ? barSpace * feature.gain() / max : 0;
            svg.append(text(labelWidth - 6, y + 11, "end", shortened(feature.feature())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                    labelWidth, y + 2, width, rowHeight - 4, MODEL_COLOUR));
            svg.append(text(labelWidth + width + 4, y + 11, "start", format(feature.gain(), 1)));
        }
        if (importance.isEmpty()) {
            svg.append(text(WIDTH / 2.0, TOP + 12, "middle", "no splits: the model is a constant"));
        }
        if (importance.size() > drawn.size()) {
            svg.append(text(labelWidth, height - 8, "start", (importance.size() - drawn.size()) + " more features with less gain"));
        }
        return svg.append("</svg>").toString();
    }

    /** Names longer than the label column are cut, keeping their start, which says what they are. */
    private static String shortened(String name) {
        int longest = 52;
        return name.length() <= longest ? name : name.substring(0, longest - 1) + "…";
    }

    private static String precisionRecall(List<PrecisionRecallPoint> points) {
        StringBuilder svg = open(WIDTH, HEIGHT);
        axes(svg, "recall", "precision");
        List<double[]> line = new ArrayList<>();
        for (PrecisionRecallPoint point : points) {
            line.add(new double[]{point.recall(), point.precision()});
        }
        polyline(svg, line, MODEL_COLOUR);
        // Where the fixed 0.5 threshold sits on the curve.
        points.stream().filter(p -> p.threshold() > Evaluator.FIXED_THRESHOLD).reduce((a, b) -> b).ifPresent(p -> {
            svg.append(circle(x(p.recall()), y(p.precision()), 4, "#c0392b"));
            svg.append(text(x(p.recall()) + 7, y(p.precision()) - 6, "start", "p > 0.5"));
        });
        return svg.append("</svg>").toString();
    }

    private static String calibration(List<CalibrationBin> bins) {
        StringBuilder svg = open(WIDTH, HEIGHT);
        axes(svg, "mean predicted probability", "observed re-order rate");
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#aaa\" stroke-dasharray=\"4 3\"/>",
                x(0), y(0), x(1), y(1)));
        List<double[]> line = new ArrayList<>();
        for (CalibrationBin bin : bins) {
            if (bin.candidates() > 0) {
                line.add(new double[]{bin.meanPredicted(), bin.observedRate()});
            }
        }
        polyline(svg, line, MODEL_COLOUR);
        for (CalibrationBin bin : bins) {
            if (bin.candidates() > 0) {
                double cx = x(bin.meanPredicted());
                double cy = y(bin.observedRate());
                svg.append(circle(cx, cy, 3.5, MODEL_COLOUR));
                svg.append(text(cx + 5, cy + 14, "start", String.format(Locale.ROOT, "%,d", bin.candidates())));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String f1ByBasketSize(List<BasketSizeGroup> groups) {
        StringBuilder svg = open(WIDTH, HEIGHT + 40);
        axesY(svg, "mean F1");
        Baseline[] baselines = Baseline.values();
        int series = 1 + baselines.length;
        double plotWidth = WIDTH - LEFT - RIGHT;
        double groupWidth = plotWidth / Math.max(1, groups.size());
        double barWidth = groupWidth * 0.8 / series;
        for (int g = 0; g < groups.size(); g++) {
            BasketSizeGroup group = groups.get(g);
            double x0 = LEFT + g * groupWidth + groupWidth * 0.1;
            bar(svg, x0, barWidth, group.modelF1(), MODEL_COLOUR);
            for (int b = 0; b < baselines.length; b++) {
                Double f1 = group.baselineF1().get(baselines[b]);
                bar(svg, x0 + (b + 1) * barWidth, barWidth, f1 == null ? 0 : f1, BASELINE_COLOURS[b % BASELINE_COLOURS.length]);
            }
            svg.append(text(LEFT + (g + 0.5) * groupWidth, HEIGHT - BOTTOM + 14, "middle", group.label()));
            svg.append(text(LEFT + (g + 0.5) * groupWidth, HEIGHT - BOTTOM + 27, "middle",
                    String.format(Locale.ROOT, "%,d orders", group.orders())));
        }
        svg.append(text(LEFT + plotWidth / 2, HEIGHT - 8, "middle", "re-ordered products in the order"));
        // Legend under the axis, three entries a row.
        legend(svg, 0, "model", MODEL_COLOUR);
        for (int b = 0; b < baselines.length; b++) {
            legend(svg, b + 1, baselines[b].key(), BASELINE_COLOURS[b % BASELINE_COLOURS.length]);
        }
        return svg.append("</svg>").toString();
    }

    private static void legend(StringBuilder svg, int entry, String label, String colour) {
        double x = LEFT + (entry % 3) * 150.0;
        double y = HEIGHT + 10 + (entry / 3) * 16.0;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>", x, y - 9, colour));
        svg.append(text(x + 14, y, "start", label));
    }

    private static void bar(StringBuilder svg, double x, double width, double value, String colour) {
        double top = y(value);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                x, top, Math.max(0.5, width - 1), y(0) - top, colour, format(value, 3)));
    }

    private static StringBuilder open(int width, int height) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>", width, height, width, height));
    }

    /** Both axes of a unit square plot, ticks every 0.2. */
    private static void axes(StringBuilder svg, String xLabel, String yLabel) {
        axesY(svg, yLabel);
        for (int i = 0; i <= 5; i++) {
            double v = i / 5.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>", x(v), y(0), x(v), y(0) + 4));
            svg.append(text(x(v), y(0) + 16, "middle", format(v, 1)));
        }
        svg.append(text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 10, "middle", xLabel));
    }

    private static void axesY(StringBuilder svg, String yLabel) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>", LEFT, y(0), WIDTH - RIGHT, y(0)));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>", LEFT, y(0), LEFT, y(1)));
        for (int i = 0; i <= 5; i++) {
            double v = i / 5.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>", LEFT + 1, y(v), WIDTH - RIGHT, y(v)));
            svg.append(text(LEFT - 6, y(v) + 4, "end", format(v, 1)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>",
                (y(0) + y(1)) / 2, (y(0) + y(1)) / 2, escape(yLabel)));
    }

    private static void polyline(StringBuilder svg, List<double[]> points, String colour) {
        if (points.isEmpty()) {
            return;
        }
        StringBuilder coordinates = new StringBuilder();
        for (double[] point : points) {
            coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(point[0]), y(point[1])));
        }
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                .append(coordinates.toString().strip()).append("\"/>");
    }

    private static String circle(double cx, double cy, double r, String colour) {
        return String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>", cx, cy, r, colour);
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor, escape(content));
    }

    /** Plot x of a value in [0, 1]. */
    private static double x(double v) {
        return LEFT + clamp(v) * (WIDTH - LEFT - RIGHT);
    }

    /** Plot y of a value in [0, 1] (SVG's y grows downwards). */
    private static double y(double v) {
        return HEIGHT - BOTTOM - clamp(v) * (HEIGHT - BOTTOM - TOP);
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }

    private static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
