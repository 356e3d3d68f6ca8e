// One test at a time: the outbound-request watch and the fault tests see the whole process, so no other test's
// traffic may run beside them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
