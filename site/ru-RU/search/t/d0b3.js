kbsearch.shard("г",{"групп":[4,1,12,2]});
