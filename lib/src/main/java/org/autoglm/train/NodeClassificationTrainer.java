package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.autoglm.random.Seeds;

/**
 * Node classification on one graph, full-batch or on sampled neighbourhoods ({@link BatchPlan}):
 * trains one model with early stopping on the validation metric, keeps the best epoch's weights and
 * scores, and can stop after any epoch and continue later from a {@link Checkpoint} exactly as if
 * it had not stopped.
 *
 * <p>Determinism: weights are initialised in Java from the seed, and every epoch's dropout masks
 * are drawn in Java from (seed, epoch), so they do not depend on what ran before in the JVM — nor
 * on whether the run was resumed.
 */
public final class NodeClassificationTrainer {
  private NodeClassificationTrainer() {}

  /** Trains once, on this thread; other threads may train at the same time. */
  public static TrainOutcome train(GraphSnapshot graph, TrainSettings settings) {
    return run(graph, settings, EpochCheck.NEVER, null).outcome();
  }

  /** Trains once, letting {@code check} end the run after any epoch (pruning, rung budgets). */
  public static TrainOutcome train(GraphSnapshot graph, TrainSettings settings, EpochCheck check) {
    return run(graph, settings, check, null).outcome();
  }

  /**
   * Trains from scratch, or continues {@code resume} (null for a new run) under the same settings,
   * and returns the outcome with a checkpoint of where it ended.
   */
  public static TrainRun run(
      GraphSnapshot graph, TrainSettings settings, EpochCheck check, Checkpoint resume) {
    return run(graph, settings, check, resume, EncoderCache.NONE);
  }

  /**
   * As {@link #run(GraphSnapshot, TrainSettings, EpochCheck, Checkpoint)}, taking a pretrained
   * encoder ({@code train.pretrain}) from {@code encoders} when it holds one for these settings on
   * this graph, and leaving the one it pretrains there. A resumed run does not pretrain: its
   * checkpoint holds the weights.
   */
  public static TrainRun run(
      GraphSnapshot graph,
      TrainSettings settings,
      EpochCheck check,
      Checkpoint resume,
      EncoderCache encoders) {
    GraphTensors.requireTrainingNodes(graph);
    TrainSettings.Batching batching = BatchPlan.resolve(BatchPlan.GraphSize.of(graph), settings);
    if (batching != TrainSettings.Batching.FULL) {
      // Loaded whole but sampled: sample from a store of it on local disk.
      Path dir = temporaryFolder();
      try {
        return runSampled(GraphStore.of(graph, dir), settings, batching, check, resume);
      } finally {
        GraphStore.deleteTree(dir);
      }
    }
    NodeEvaluator evaluator = Evaluators.named(settings.metric());
    return DjlRuntime.onThisThread(
        settings.threads(),
        () -> trainOnThisThread(graph, null, settings, evaluator, check, resume, encoders, null));
  }

  /**
   * Trains {@code student} (full-batch; typically an MLP, which needs no graph to predict) on the
   * labels and on {@code teacher}'s probabilities for every node of {@code graph}: knowledge
   * distillation ({@link Teacher}). Validation picks the best epoch as in any run.
   */
  public static TrainRun distil(GraphSnapshot graph, TrainSettings student, Teacher teacher) {
    GraphTensors.requireTrainingNodes(graph);
    NodeEvaluator evaluator = Evaluators.named(student.metric());
    return DjlRuntime.onThisThread(
        student.threads(),
        () ->
            trainOnThisThread(
                graph,
                null,
                student,
                evaluator,
                EpochCheck.NEVER,
                null,
                EncoderCache.NONE,
                teacher));
  }

  /**
   * Trains on subgraphs sampled from {@code store} as {@code batching} says ({@code neighbors} or
   * {@code subgraph}, {@link SampledSteps}), from scratch or continuing {@code resume}: the trial's
   * memory is its batches', whatever the graph's size.
   */
  public static TrainRun runSampled(
      GraphStore store,
      TrainSettings settings,
      TrainSettings.Batching batching,
      EpochCheck check,
      Checkpoint resume) {
    NodeEvaluator evaluator = Evaluators.named(settings.metric());
    return DjlRuntime.onThisThread(
        settings.threads(),
        () -> {
          SampledSteps sampled = new SampledSteps(store, settings, batching);
          return trainOnThisThread(
              null, sampled, settings, evaluator, check, resume, EncoderCache.NONE, null);
        });
  }

  private static Path temporaryFolder() {
    try {
      return Files.createTempDirectory("autoglm-graph-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for the sampled graph", e);
    }
  }

  /**
   * Class probabilities of every node from a checkpoint's best weights (a trial's saved model),
   * under the settings it was trained with: row {@code node}, column the class index in the graph's
   * class names.
   */
  public static float[][] classProbabilities(
      GraphSnapshot graph, TrainSettings settings, Checkpoint checkpoint) {
    return DjlRuntime.onThisThread(
        settings.threads(),
        () -> {
          try (NDManager manager = NDManager.newBaseManager(DjlRuntime.device(settings.device()))) {
            GraphTensors tensors = new GraphTensors(manager, graph, settings.featureNorm());
            GnnModel model = new GnnModel(manager, tensors, settings);
            restore(model.parameters(), checkpoint.bestParameters(), "parameters");
            float[] flat = model.forwardInference().softmax(1).toFloatArray();
            float[][] rows = new float[graph.numNodes()][];
            int classes = graph.numClasses();
            for (int node = 0; node < rows.length; node++) {
              rows[node] = Arrays.copyOfRange(flat, node * classes, (node + 1) * classes);
            }
            return rows;
          }
        });
  }

  /**
   * Class probabilities of {@code split}'s labelled nodes (a row each, in node order, one flat
   * row-major array) from a checkpoint's best weights, each node scored on the neighbourhood its
   * trial's sampled evaluation ({@code batching}) scored it on: nothing graph-sized is loaded.
   */
  public static float[] sampledProbabilities(
      GraphStore store,
      TrainSettings settings,
      TrainSettings.Batching batching,
      Checkpoint checkpoint,
      GraphSnapshot.Split split) {
    return DjlRuntime.onThisThread(
        settings.threads(),
        () -> {
          try (NDManager manager = NDManager.newBaseManager(DjlRuntime.device(settings.device()))) {
            SampledSteps steps = new SampledSteps(store, settings, batching);
            GnnModel model = new GnnModel(manager, steps.scoringBatch(manager), settings);
            restore(model.parameters(), checkpoint.bestParameters(), "parameters");
            float[] rows = steps.logits(model, manager, split);
            softmaxRows(rows, store.numClasses());
            return rows;
          }
        });
  }

  static void softmaxRows(float[] rows, int classes) {
    for (int from = 0; from < rows.length; from += classes) {
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, rows[from + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(rows[from + c] - max);
      }
      for (int c = 0; c < classes; c++) {
        rows[from + c] = (float) (Math.exp(rows[from + c] - max) / sum);
      }
    }
  }

  /**
   * Full-batch on {@code graph}, or on {@code sampled}'s batches: one of them is null; {@code
   * teacher} (full-batch only) or null.
   */
  @SuppressWarnings("try") // the epoch scope closes the epoch's temporaries; nothing reads it
  private static TrainRun trainOnThisThread(
      GraphSnapshot graph,
      SampledSteps sampled,
      TrainSettings settings,
      NodeEvaluator evaluator,
      EpochCheck check,
      Checkpoint resume,
      EncoderCache encoders,
      Teacher teacher) {
    long started = System.nanoTime();
    try (NDManager manager = NDManager.newBaseManager(DjlRuntime.device(settings.device()))) {
      if (sampled != null && settings.pretrain() != TrainSettings.Pretrain.NONE) {
        throw new IllegalArgumentException(
            "training parameter 'pretrain' is "
                + settings.pretrain().name().toLowerCase(java.util.Locale.ROOT)
                + " but pretraining needs full-batch training, and this trial samples (batching "
                + sampled.mode().name().toLowerCase(java.util.Locale.ROOT)
                + "); set train.pretrain: none, or train.batching: full");
      }
      // Sampled: the model is built on a first batch and runs on each step's batch in turn.
      GraphTensors tensors =
          sampled == null
              ? new GraphTensors(manager, graph, settings.featureNorm())
              : sampled.firstBatch(manager);
      GnnModel model = new GnnModel(manager, tensors, settings);
      LossTerms lossTerms =
          new LossTerms(
              settings.labelSmoothing(),
              teacher,
              teacher == null
                  ? null
                  : teacher.weights(manager, tensors.numNodes, tensors.numClasses));
      List<NDArray> parameters = model.parameters();
      if (resume == null && settings.pretrain() != TrainSettings.Pretrain.NONE) {
        Pretraining.load(
            model,
            encoders.get(
                Pretraining.key(settings),
                () -> Pretraining.encoder(manager, tensors, settings).weights()));
      }
      // A linear probe trains the output layer on the frozen pretrained encoder, whose gradients
      // are computed (the tape hands them to every weight) and dropped after each step.
      List<NDArray> frozen =
          settings.freezeEncoder() && settings.pretrain() != TrainSettings.Pretrain.NONE
              ? model.encoderParameters()
              : List.of();
      List<NDArray> trained = parameters.subList(frozen.size(), parameters.size());
      Optimizer optimizer = new Optimizer(settings, trained, model.weightDecays());
      LearningRateSchedule schedule = new LearningRateSchedule(settings);

      int epoch = 0;
      EpochScores best = EpochScores.none();
      float[][] bestWeights = snapshot(parameters);
      double[] valCurve = new double[settings.epochs()];
      if (resume != null) {
        restore(parameters, resume.parameters(), "parameters");
        restore(optimizer.state(), resume.optimizerState(), "optimizer state");
        optimizer.restoreSteps(resume.optimizerSteps());
        schedule.restore(resume.scheduleState());
        epoch = resume.epoch();
        best = resume.best();
        bestWeights = resume.bestParameters();
        int earlier = Math.min(resume.valCurve().length, valCurve.length);
        System.arraycopy(resume.valCurve(), 0, valCurve, 0, earlier);
      }

      double[] stepMillis = new double[settings.epochs()];
      int steps = 0;
      boolean diverged = false;
      while (epoch < settings.epochs() && epoch - best.epoch() < settings.patience()) {
        epoch++;
        try (NDScope scope = new NDScope()) {
          long stepStart = System.nanoTime();
          double rate = schedule.rate(epoch);
          float loss;
          double gradientNorm = Double.NaN;
          if (sampled == null) {
            DropoutMasks masks = new DropoutMasks(Seeds.mix(settings.seed(), epoch));
            EpochAugmentation augmentation = EpochAugmentation.draw(settings, tensors, epoch);
            loss = trainStep(model, masks, augmentation, tensors, lossTerms);
            if (Float.isFinite(loss)) {
              gradientNorm = clip(settings, check, trained);
              optimizer.step((float) rate);
              frozen.forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
            }
          } else {
            loss = 0;
            for (int batch = 0; batch < sampled.batches(); batch++) {
              try (NDManager batchManager = manager.newSubManager();
                  NDScope batchScope = new NDScope()) {
                long stepSeed = Seeds.mix(Seeds.mix(settings.seed(), epoch), batch);
                GraphTensors batchTensors = sampled.trainingBatch(batchManager, epoch, batch);
                model.bind(batchTensors);
                float batchLoss =
                    trainStep(
                        model,
                        new DropoutMasks(stepSeed),
                        EpochAugmentation.draw(settings, batchTensors, stepSeed),
                        batchTensors,
                        lossTerms);
                if (!Float.isFinite(batchLoss)) {
                  loss = batchLoss;
                  break;
                }
                loss += batchLoss / sampled.batches();
                gradientNorm = clip(settings, check, trained);
                optimizer.step((float) rate);
              }
            }
          }
          if (!Float.isFinite(loss)) {
            diverged = true;
            break;
          }
          stepMillis[steps++] = (System.nanoTime() - stepStart) / 1e6;
          EpochScores scores =
              sampled == null
                  ? evaluate(epoch, model, tensors, evaluator)
                  : sampled.validate(epoch, model, manager, evaluator);
          valCurve[epoch - 1] = scores.valScore();
          schedule.observe(scores.valScore());
          if (scores.betterThan(best)) {
            best = scores;
            bestWeights = snapshot(parameters);
          }
          EpochRecord record =
              new EpochRecord(
                  epoch,
                  loss,
                  scores.valLoss(),
                  scores.valScore(),
                  rate,
                  gradientNorm,
                  sampled == null ? 1 : sampled.batches(),
                  (System.nanoTime() - stepStart) / 1e9);
          if (check.stopAfter(record)) {
            break;
          }
        }
      }
      float[][] lastWeights = snapshot(parameters);
      if (sampled != null && best.epoch() > 0) {
        restore(parameters, bestWeights, "parameters");
        best = sampled.test(best, model, manager, evaluator);
      }
      Checkpoint checkpoint =
          new Checkpoint(
              epoch,
              optimizer.steps(),
              lastWeights,
              snapshot(optimizer.state()),
              schedule.state(),
              best,
              bestWeights,
              Arrays.copyOf(valCurve, diverged ? epoch - 1 : epoch));
      TrainOutcome outcome =
          new TrainOutcome(
              diverged,
              settings.metric(),
              best,
              epoch,
              (System.nanoTime() - started) / 1e9,
              median(Arrays.copyOf(stepMillis, steps)),
              sampled == null ? TrainSettings.Batching.FULL : sampled.mode());
      return new TrainRun(outcome, checkpoint);
    }
  }

  /** Clips the gradients when set; their global norm before clipping, NaN when not measured. */
  private static double clip(TrainSettings settings, EpochCheck check, List<NDArray> trained) {
    if (settings.clipNorm() > 0) {
      return GradientClipping.clipGlobalNorm(trained, settings.clipNorm());
    }
    return check.wantsGradientNorm() ? GradientClipping.globalNorm(trained) : Double.NaN;
  }

  /**
   * What a step's loss adds to the training nodes' cross-entropy: label smoothing, and a teacher's
   * term with its weights (null without one).
   */
  private record LossTerms(double labelSmoothing, Teacher teacher, NDArray teacherWeights) {}

  /**
   * One step's loss and gradients. The training nodes' weighted cross-entropy is {@code
   * sum(logSoftmax ⊙ trainLossWeights)} (each training node's weight, negated, at its label); label
   * smoothing {@code s} mixes in {@code s/C} of every class's log-probability at the same weight; a
   * teacher takes {@code 1 - alpha} of the loss with its own weights on the log-probabilities at
   * its temperature.
   */
  @SuppressWarnings("try") // the scope records the step's graph; nothing calls it
  private static float trainStep(
      GnnModel model,
      DropoutMasks masks,
      EpochAugmentation augmentation,
      GraphTensors tensors,
      LossTerms terms) {
    try (DjlRuntime.GradRecording recording = DjlRuntime.recordingGradients()) {
      NDArray logits = model.forwardTraining(masks, augmentation);
      NDArray logProbabilities = logits.logSoftmax(1);
      NDArray loss = logProbabilities.mul(tensors.trainLossWeights).sum();
      if (terms.labelSmoothing() > 0) {
        NDArray nodeWeights = tensors.trainLossWeights.sum(new int[] {1});
        NDArray uniform = logProbabilities.sum(new int[] {1}).mul(nodeWeights).sum();
        loss =
            Scalars.times(loss, (float) (1 - terms.labelSmoothing()))
                .add(Scalars.times(uniform, (float) (terms.labelSmoothing() / tensors.numClasses)));
      }
      if (terms.teacher() != null) {
        NDArray soft =
            Scalars.times(logits, (float) (1 / terms.teacher().temperature()))
                .logSoftmax(1)
                .mul(terms.teacherWeights())
                .sum();
        loss = Scalars.times(loss, (float) terms.teacher().alpha()).add(soft);
      }
      float value = loss.getFloat();
      if (Float.isFinite(value)) {
        model.backward(loss);
      }
      return value;
    }
  }

  private static EpochScores evaluate(
      int epoch, GnnModel model, GraphTensors tensors, NodeEvaluator evaluator) {
    float[] logits = model.forwardInference().toFloatArray();
    return scores(
        epoch,
        logits,
        tensors.numClasses,
        tensors.valNodes,
        tensors.testNodes,
        tensors.labels,
        evaluator);
  }

  /**
   * The epoch's scores from class scores ({@code logits}, row-major, a row per node of {@code
   * labels}) of the validation and test nodes (rows).
   */
  static EpochScores scores(
      int epoch,
      float[] logits,
      int classes,
      int[] valNodes,
      int[] testNodes,
      int[] labels,
      NodeEvaluator evaluator) {
    double valLoss = 0;
    for (int node : valNodes) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[node * classes + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(logits[node * classes + c] - max);
      }
      valLoss += max + Math.log(sum) - logits[node * classes + labels[node]];
    }
    Predictions val = Predictions.argmax(logits, classes, valNodes, labels);
    Predictions test = Predictions.argmax(logits, classes, testNodes, labels);
    return new EpochScores(
        epoch,
        valNodes.length == 0 ? 0 : evaluator.score(val),
        valNodes.length == 0 ? 0 : valLoss / valNodes.length,
        val.accuracy(),
        evaluator.score(test),
        test.accuracy(),
        test.macroF1(),
        test.classRecall());
  }

  /** Each tensor's values, copied to the host, in order. */
  static float[][] snapshot(List<NDArray> tensors) {
    float[][] copy = new float[tensors.size()][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = tensors.get(i).toFloatArray();
    }
    return copy;
  }

  static void restore(List<NDArray> tensors, float[][] values, String what) {
    if (tensors.size() != values.length) {
      throw new IllegalArgumentException(
          "checkpoint holds "
              + values.length
              + " "
              + what
              + " tensors but the model has "
              + tensors.size()
              + "; resume with the settings it was saved under");
    }
    for (int i = 0; i < values.length; i++) {
      if (tensors.get(i).size() != values[i].length) {
        throw new IllegalArgumentException(
            "checkpoint "
                + what
                + " tensor "
                + i
                + " has "
                + values[i].length
                + " values but the model's has "
                + tensors.get(i).size()
                + "; resume with the settings it was saved under");
      }
      tensors.get(i).set(values[i]);
    }
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
