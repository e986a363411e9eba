"""A record that proves itself: the hash chain, verification, signed exports, restore, backup."""
