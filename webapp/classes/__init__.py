"""Classes (kelas): trainers (pendamping) coach makers who share brands with them."""
