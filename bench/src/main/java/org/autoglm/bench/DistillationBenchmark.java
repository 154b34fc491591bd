package org.autoglm.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.graph.io.LinqsLocal;
import org.autoglm.train.EpochCheck;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.NodeClassificationTrainer;
import org.autoglm.train.Teacher;
import org.autoglm.train.TrainRun;
import org.autoglm.train.TrainSettings;

/**
 * A GNN teacher distilled into an MLP student that needs no graph (GLNN), against the same MLP on
 * the labels alone, on a LINQS graph, seed by seed. Teacher: Kipf and Welling's GCN (hidden 16,
 * dropout 0.5, lr 0.01, L2 5e-4 on layer 1, 200 epochs); students: the product's {@code distill.*}
 * defaults (conf/defaults.yaml) with any overrides given, on the teacher's probabilities of every
 * node mixed with the labels. Prints TSV rows {@code seed, teacher_test, mlp_test, student_test,
 * student_val, student_seconds}.
 *
 * <p>Usage: {@code DistillationBenchmark <linqs-dir> <name> <seeds> [key=value ...]}: each {@code
 * key=value} a {@code distill.*} override as {@code --set} takes it (e.g. {@code distill.alpha=0}
 * or {@code distill.student.dropout=0.6}), or {@code structure=<spec>}: the students (not the
 * teacher) read {@link StructureFeatures} beside the node features.
 */
public final class DistillationBenchmark {
  private static final String STRUCTURE = "structure=";

  private DistillationBenchmark() {}

  public static void main(String[] args) {
    GraphSnapshot graph = LinqsLocal.read(Path.of(args[0]), args[1]);
    int seeds = Integer.parseInt(args[2]);
    List<String> overrides = new ArrayList<>(List.of(args).subList(3, args.length));
    String structure = "none";
    for (String override : List.copyOf(overrides)) {
      if (override.startsWith(STRUCTURE)) {
        structure = override.substring(STRUCTURE.length());
        overrides.remove(override);
      }
    }
    GraphSnapshot studentGraph =
        structure.equals("none") ? graph : StructureFeatures.add(graph, structure);
    List<ExperimentConfig.DistillConfig.Recipe> recipes =
        ConfigLoader.load(
                "dev", new ConfigLoader.Layer("bench", "study: {name: distill}"), overrides)
            .distill()
            .recipes();
    if (recipes.size() != 1) {
      throw new IllegalArgumentException(
          "the benchmark measures one recipe; the overrides give " + recipes.size());
    }
    ExperimentConfig.DistillConfig.Recipe distill = recipes.get(0);
    int classes = graph.numClasses();
    for (int seed = 0; seed < seeds; seed++) {
      TrainSettings gcn = TrainSettings.builder().set(TrainSettings::seed, seed).build();
      TrainRun teacherRun = NodeClassificationTrainer.run(graph, gcn, EpochCheck.NEVER, null);
      float[][] byNode =
          NodeClassificationTrainer.classProbabilities(graph, gcn, teacherRun.checkpoint());
      float[] flat = new float[graph.numNodes() * classes];
      for (int node = 0; node < byNode.length; node++) {
        System.arraycopy(byNode[node], 0, flat, node * classes, classes);
      }
      TrainSettings.Builder students = distill.student().toBuilder();
      if (studentGraph != graph) { // its node features come row-normalised
        students.set(TrainSettings::featureNorm, TrainSettings.FeatureNorm.NONE);
      }
      TrainSettings mlp = students.set(TrainSettings::seed, (long) seed).build();
      double alone = NodeClassificationTrainer.train(studentGraph, mlp).testAccuracy();
      TrainRun student =
          NodeClassificationTrainer.distil(
              studentGraph, mlp, new Teacher(flat, distill.alpha(), distill.temperature()));
      System.out.printf(
          Locale.ROOT,
          "%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.2f%n",
          seed,
          teacherRun.outcome().testAccuracy(),
          alone,
          student.outcome().testAccuracy(),
          student.outcome().valAccuracy(),
          student.outcome().trainSeconds());
    }
  }
}
