package org.autoglm.search.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CmaEsSamplerTest {
  @Test
  void aGenerationIsAWholeNumberOfBatches() {
    // Default populations: 6 in 2-d, 9 in 6-d, 15 in 50-d.
    assertThat(new CmaEsSampler(1, true, 1).initialLambda(2)).isEqualTo(6);
    assertThat(new CmaEsSampler(1, true, 8).initialLambda(2)).isEqualTo(8);
    assertThat(new CmaEsSampler(1, true, 8).initialLambda(6)).isEqualTo(8);
    assertThat(new CmaEsSampler(1, true, 4).initialLambda(50)).isEqualTo(16);
    assertThat(new CmaEsSampler(1, true, 3).initialLambda(6)).isEqualTo(9);
  }

  @Test
  void aBatchBelowOneIsRefused() {
    assertThatThrownBy(() -> new CmaEsSampler(1, true, 0))
        .hasMessage("batch is 0 but must be at least 1");
  }
}
