// Cluster-mode silo host; filled in by the hosting step.
return 0;
