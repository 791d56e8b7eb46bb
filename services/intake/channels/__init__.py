"""Channel adapters: one module per channel, all behind `base.Channel`."""
