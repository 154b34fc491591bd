package org.autoglm.train;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.List;
import org.autoglm.train.TrainParams.Component;
import org.autoglm.train.TrainParams.Declaration;

/**
 * Everything one training run needs besides the graph: architecture, optimisation, stopping rule
 * and the seed that makes it reproducible. Each component is a setting declared once by its {@link
 * TrainParam}: key, default, rule and doc; {@link TrainParams} derives the rest. Build with {@link
 * #builder()} and {@link Builder#set(Component, Object) set(TrainSettings::hidden, 64)}.
 */
public record TrainSettings(
    @TrainParam(
            value = "gcn",
            doc =
                "gcn | sage (GraphSAGE, mean) | gat | sgc | mlp (no graph) | appnp (an mlp, then"
                    + " personalised PageRank) | gcnii (deep, initial residual + identity mapping)"
                    + " | jknet (gcn layers, jumping knowledge)")
        ModelKind model,
    @TrainParam(
            value = "2",
            range = "[1, )",
            doc =
                "including the output layer; sgc always has one; appnp: the mlp's; gcnii: its"
                    + " convolutions (plus an input and an output layer)")
        int layers,
    @TrainParam(value = "16", range = "[1, )", doc = "width of hidden layers (per head for gat)")
        int hidden,
    @TrainParam(
            value = "8",
            range = "[1, )",
            doc = "gat: attention heads in hidden layers (concatenated)")
        int heads,
    @TrainParam(value = "1", range = "[1, )", doc = "gat: heads in the output layer (averaged)")
        int outputHeads,
    @TrainParam(value = "0.5", range = "[0, 1)", doc = "on each layer's input") double dropout,
    @TrainParam(value = "0.0", range = "[0, 1)", doc = "gat: on attention coefficients")
        double attentionDropout,
    @TrainParam(value = "relu", doc = "relu | elu | leaky_relu | gelu") Activation activation,
    @TrainParam(value = "false", doc = "add a hidden layer's input to its output when widths match")
        boolean residual,
    @TrainParam(value = "false", doc = "layer normalisation before each hidden activation")
        boolean layerNorm,
    @TrainParam(value = "true", doc = "gcn/gat/sgc: a node is its own neighbour") boolean selfLoops,
    @TrainParam(value = "2", range = "[1, )", doc = "sgc, appnp: propagation steps K") int hops,
    @TrainParam(
            value = "0.1",
            range = "[0, 1]",
            doc = "appnp, gcnii: teleport (initial residual) share of each step")
        double alpha,
    @TrainParam(
            value = "0.5",
            range = "(0, )",
            doc = "gcnii: identity mapping; layer l keeps ln(lambda/l + 1) of its weight")
        double lambda,
    @TrainParam(
            key = "jk",
            value = "concat",
            doc = "jknet: concat | max of the hidden layers' outputs")
        JumpingKnowledge jumpingKnowledge,
    @TrainParam(value = "row", doc = "none | row (each node's features sum to 1)")
        FeatureNorm featureNorm,
    @TrainParam(value = "adam", doc = "adam | adamw (decoupled decay) | sgd (with momentum)")
        OptimizerKind optimizer,
    @TrainParam(key = "lr", value = "0.01", range = "(0, )") double learningRate,
    @TrainParam(value = "5.0e-4", range = "[0, )") double weightDecay,
    @TrainParam(
            value = "0.01",
            range = "[0, )",
            doc = "gcnii: on its convolutions (weight_decay: its input/output layers)")
        double convWeightDecay,
    @TrainParam(
            value = "first",
            doc = "first (first layer's weights, as Kipf and Welling) | all weights")
        DecayScope decayScope,
    @TrainParam(value = "0.9", range = "[0, 1)", doc = "sgd") double momentum,
    @TrainParam(
            value = "constant",
            doc = "constant | step | cosine (after warmup_epochs) | plateau")
        Schedule schedule,
    @TrainParam(value = "0", range = "[0, )", doc = "cosine: linear warm-up") int warmupEpochs,
    @TrainParam(
            value = "50",
            range = "[1, )",
            doc = "step: epochs between decays; plateau: epochs without improvement")
        int stepEpochs,
    @TrainParam(
            value = "0.5",
            range = "(0, 1]",
            doc = "step/plateau: multiplies the learning rate at each decay")
        double decayFactor,
    @TrainParam(value = "0", range = "[0, )", doc = "global gradient-norm limit; 0 = off")
        double clipNorm,
    @TrainParam(
            value = "0",
            range = "[0, 1)",
            doc =
                "share of each training node's target spread evenly over the classes (label"
                    + " smoothing; Szegedy et al.): the loss is (1 - s) x cross-entropy + s x the"
                    + " mean over classes of -log p")
        double labelSmoothing,
    @TrainParam(
            value = "0",
            range = "[0, 1)",
            doc =
                "augmentation, redrawn each epoch from (seed, epoch): share of edges dropped"
                    + " (DropEdge; gcn, sage, gat, appnp, gcnii, jknet)")
        double dropEdge,
    @TrainParam(value = "0", range = "[0, 1)", doc = "share of feature columns masked")
        double featureMask,
    @TrainParam(
            value = "0",
            range = "[0, 1)",
            doc = "share of nodes whose feature row is dropped (DropNode)")
        double dropNode,
    @TrainParam(
            value = "none",
            doc =
                "self-supervised pretraining of the encoder (every layer but the output layer)"
                    + " before training: none | contrastive (two augmented views, a projection"
                    + " head, InfoNCE; GRACE) | masked (reconstruct masked node features, scaled"
                    + " cosine error; GraphMAE). A pretrained encoder is kept per (pretraining and"
                    + " encoder settings, graph) and reused by trials")
        Pretrain pretrain,
    @TrainParam(value = "100", range = "[1, )") int pretrainEpochs,
    @TrainParam(value = "0.001", range = "(0, )") double pretrainLr,
    @TrainParam(value = "0.5", range = "(0, )", doc = "contrastive: InfoNCE temperature")
        double temperature,
    @TrainParam(
            value = "0.5",
            range = "(0, 1)",
            doc = "masked: share of nodes whose features are masked each epoch")
        double maskRate,
    @TrainParam(
            value = "0.2",
            range = "[0, 1)",
            doc = "contrastive: share of edges each view drops")
        double viewDropEdge,
    @TrainParam(
            value = "0.3",
            range = "[0, 1)",
            doc = "contrastive: share of feature columns each view masks")
        double viewFeatureMask,
    @TrainParam(
            value = "false",
            doc = "after pretraining, train the output layer only (a linear probe)")
        boolean freezeEncoder,
    @TrainParam(value = "200", range = "[1, )") int epochs,
    @TrainParam(
            value = "100",
            range = "[1, )",
            doc = "epochs without a better validation metric before stopping")
        int patience,
    @TrainParam(
            value = "full",
            doc =
                "full: each step sees the whole graph | neighbors: mini-batches of seed nodes with"
                    + " sampled neighbourhoods (PyG NeighborLoader) | subgraph: subgraphs induced by"
                    + " random walks (GraphSAINT) | auto: when the full-batch estimate exceeds"
                    + " memory_budget_mb, subgraph for gcnii, appnp, jknet and sgc, neighbors for"
                    + " the others")
        Batching batching,
    @TrainParam(
            value = "512",
            range = "[1, )",
            doc = "neighbors: training (seed) nodes per step; subgraph: walk roots")
        int batchSize,
    @TrainParam(
            value = "15,10",
            doc =
                "neighbors: neighbours sampled per node at each hop; -1 takes all; subgraph: the"
                    + " neighbourhoods validation and test are scored on")
        List<Integer> fanouts,
    @TrainParam(value = "2", range = "[1, )", doc = "subgraph: steps of each root's random walk")
        int walkLength,
    @TrainParam(
            value = "10",
            range = "[0, )",
            doc =
                "subgraph: epochs of walks pre-sampled for GraphSAINT's loss normalisation (each"
                    + " training node weighed by how rarely it is drawn); 0: every training node"
                    + " in a subgraph weighs the same")
        int sampleCoverage,
    @TrainParam(
            value = "4096",
            range = "[1, )",
            doc = "auto: a trial's memory for full-batch training")
        int memoryBudgetMb,
    @TrainParam(value = "accuracy", tunable = false) String metric,
    @TrainParam(value = "0", tunable = false) long seed,
    @TrainParam(value = "1", range = "[1, )", tunable = false) int threads,
    @TrainParam(value = "cpu", tunable = false) String device)
    implements Serializable {

  /** How a training step sees the graph. */
  public enum Batching {
    FULL,
    NEIGHBORS,
    SUBGRAPH,
    AUTO
  }

  /** Architectures the trainer can build. */
  public enum ModelKind {
    GCN,
    SAGE,
    GAT,
    SGC,
    MLP,
    APPNP,
    GCNII,
    JKNET
  }

  /** Self-supervised pretraining of the encoder before training. */
  public enum Pretrain {
    NONE,
    CONTRASTIVE,
    MASKED
  }

  /** JKNet's layer aggregation: the hidden outputs side by side, or their element-wise maximum. */
  public enum JumpingKnowledge {
    CONCAT,
    MAX
  }

  /** Non-linearities between layers. */
  public enum Activation {
    RELU,
    ELU,
    LEAKY_RELU,
    GELU
  }

  /** Feature scaling: none, or each node's features divided by their sum (Kipf and Welling). */
  public enum FeatureNorm {
    NONE,
    ROW
  }

  /** Update rules that work on DJL's PyTorch engine. */
  public enum OptimizerKind {
    ADAM,
    ADAMW,
    SGD
  }

  /** Weights under weight decay: the first layer's (as Kipf and Welling) or every weight. */
  public enum DecayScope {
    FIRST,
    ALL
  }

  /** Learning-rate schedules. */
  public enum Schedule {
    CONSTANT,
    STEP,
    COSINE,
    PLATEAU
  }

  /** Settings with every declared default: Kipf and Welling's GCN. */
  public static Builder builder() {
    return new Builder(null);
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects settings by component; {@link #build()} checks each against its declared rule. The
   * components and their order are the record's, so a new setting needs nothing here.
   */
  public static final class Builder {
    private static final Constructor<TrainSettings> CANONICAL = canonical();
    private final Object[] values;

    private Builder(TrainSettings from) {
      List<Declaration> all = TrainParams.all();
      values = new Object[all.size()];
      for (Declaration d : all) {
        values[d.index()] = from == null ? d.byDefault() : TrainParams.valueOf(from, d);
      }
    }

    /** Sets one component, {@code set(TrainSettings::hidden, 64)}. */
    public <T> Builder set(Component<T> component, T value) {
      Declaration d = TrainParams.of(component);
      values[d.index()] = d.convert(value);
      return this;
    }

    /**
     * Sets one setting by its key, from a number, a boolean, a lower-case name or their text, as a
     * YAML file or a search space gives it.
     *
     * @throws IllegalArgumentException naming the key and the rule it breaks, or the known keys
     */
    public Builder set(String key, Object value) {
      Declaration d =
          TrainParams.byKey(key)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "'"
                              + key
                              + "' is not a training parameter; known: "
                              + TrainParams.tunable().stream().map(Declaration::key).toList()));
      values[d.index()] = d.convert(value);
      return this;
    }

    public TrainSettings build() {
      try {
        return CANONICAL.newInstance(values.clone());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot build TrainSettings", e);
      }
    }

    private static Constructor<TrainSettings> canonical() {
      Class<?>[] types =
          java.util.Arrays.stream(TrainSettings.class.getRecordComponents())
              .map(RecordComponent::getType)
              .toArray(Class<?>[]::new);
      try {
        return TrainSettings.class.getDeclaredConstructor(types);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("TrainSettings has no canonical constructor", e);
      }
    }
  }
}
