package org.autoglm.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.autoglm.config.TrainParameters;
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
 * dropout 0.5, lr 0.01, L2 5e-4 on layer 1, 200 epochs); students: MLP hidden 256, dropout 0.5, L2
 * 5e-4 on all weights, 500 epochs, patience 100, on the teacher's probabilities of every node mixed
 * with the labels ({@code alpha}, {@code temperature}). Prints TSV rows {@code seed, teacher_test,
 * mlp_test, student_test, student_val, student_seconds}.
 *
 * <p>Usage: {@code DistillationBenchmark <linqs-dir> <name> <seeds> <alpha> <temperature>
 * [key=value ...]}: each {@code key=value} a {@code train.*} setting of the students (e.g. {@code
 * dropout=0.6}).
 */
public final class DistillationBenchmark {
  private DistillationBenchmark() {}

  public static void main(String[] args) {
    GraphSnapshot graph = LinqsLocal.read(Path.of(args[0]), args[1]);
    int seeds = Integer.parseInt(args[2]);
    double alpha = Double.parseDouble(args[3]);
    double temperature = Double.parseDouble(args[4]);
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
      Map<String, String> students = new LinkedHashMap<>();
      students.put("model", "mlp");
      students.put("hidden", "256");
      students.put("decay_scope", "all");
      students.put("epochs", "500");
      for (int i = 5; i < args.length; i++) {
        String[] setting = args[i].split("=", 2);
        students.put(setting[0], setting[1]);
      }
      TrainSettings mlp =
          TrainParameters.parse(students, "the command line")
              .set(TrainSettings::seed, (long) seed)
              .build();
      double alone = NodeClassificationTrainer.train(graph, mlp).testAccuracy();
      TrainRun student =
          NodeClassificationTrainer.distil(graph, mlp, new Teacher(flat, alpha, temperature));
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
