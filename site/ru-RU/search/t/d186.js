kbsearch.shard("ц",{"центр":[2,2,10,4]});
