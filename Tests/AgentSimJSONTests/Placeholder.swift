// The target's tests live beside this file; this keeps the target present in every checkout.
